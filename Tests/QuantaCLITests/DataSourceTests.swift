import Foundation
import Testing

/// Issue #14 item 6: empty splits are refused, a --data-dir that does not exist is an error
/// (no silent fall-back to the embedded copy), and runs say which folder the data came from.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct DataSourceTests {
    /// IDX files of 0 images: once trained to "test accuracy 0.00%" with exit 0.
    @Test func emptyIDXFilesAreRefused() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mnist = dir.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        func header(_ words: [UInt32]) -> Data { Data(words.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) }) }
        for part in ["train", "t10k"] {
            try header([0x803, 0, 28, 28]).write(to: mnist.appendingPathComponent("\(part)-images-idx3-ubyte"))
            try header([0x801, 0]).write(to: mnist.appendingPathComponent("\(part)-labels-idx1-ubyte"))
        }
        let r = try QuantaBinary.run(["train", "--dataset", "mnist", "--data-dir", dir.path, "--epochs", "1"])
        #expect(r.status == 1 && !r.crashed && r.stderr.contains("no training samples") && r.stderr.contains(mnist.path),
                "\(r.status) \(r.stderr)")
    }

    @Test func missingDataDirIsAnError() throws {
        let missing = "/nonexistent/quanta-data"
        for command in [["train", "--epochs", "1"], ["reproduce", "--list"], ["datasets", "info", "digits"]] {
            let r = try QuantaBinary.run(command + ["--data-dir", missing])
            #expect(r.status == 1 && r.stderr.contains("--data-dir \(missing) does not exist"), "\(command): \(r.stderr)")
        }
    }

    /// The JSON names the folder read; a validation part of 0 samples is no validation (it was
    /// marked best).
    @Test func runsNameTheirDataFolder() throws {
        let r = try QuantaBinary.run(["train", "--epochs", "1", "--validation-fraction", "0.0001", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let source = try #require(json["data_source"] as? String)
        #expect(source.hasSuffix("data/digits") && FileManager.default.fileExists(atPath: source), "\(source)")
        #expect(r.stderr.contains("read from \(source)") && r.stderr.contains("0 validation"))
        #expect(json["best_epoch"] as? Int == 0, "\(json["best_epoch"] ?? "nil")")
    }
}
