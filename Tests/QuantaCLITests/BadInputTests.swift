import Foundation
import Testing

/// Generated bad inputs through the CLI: each must end with exit status 1 and a message
/// naming the file — never a crash — and a good checkpoint is never overwritten.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct BadInputTests {
    /// Deterministic mutations of `good`: truncations, byte flips, garbage.
    static func mutations(of good: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(Swift.max(bound, 1)))
        }
        return (0..<count).map { k in
            var bytes = good
            switch k % 4 {
            case 0: bytes = Array(bytes.prefix(next(bytes.count)))
            case 1: for _ in 0..<(1 + next(6)) { bytes[next(bytes.count)] = UInt8(next(256)) }
            case 2: for i in 0..<Swift.min(16, bytes.count) { bytes[i] = UInt8(next(256)) }   // magic / header
            default: bytes = (0..<next(200)).map { _ in UInt8(next(256)) }
            }
            return bytes
        }
    }

    static func expectCleanFailure(_ r: QuantaBinary.Result, naming path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.crashed, "crashed: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == 1 || r.status == 0, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        if r.status == 1 {
            #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(path), "unclear message: \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func damagedCheckpoints() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.safetensors")
        #expect(try QuantaBinary.run(["train", "--model", "mlp", "--hidden", "16", "--epochs", "1", "--save", good.path]).status == 0)
        let goodBytes = try [UInt8](Data(contentsOf: good))
        var failures = 0
        for (i, bytes) in Self.mutations(of: goodBytes, count: 120, seed: 1).enumerated() {
            let bad = dir.appendingPathComponent("bad\(i).safetensors")
            try Data(bytes).write(to: bad)
            let r = try QuantaBinary.run(["eval", "--checkpoint", bad.path])
            Self.expectCleanFailure(r, naming: bad.path)
            if r.status == 1 { failures += 1 }
            // Resuming from a bad file must not write over the good checkpoint given as --save.
            if i % 10 == 0 {
                let resumed = try QuantaBinary.run(["train", "--resume", bad.path, "--save", good.path])
                Self.expectCleanFailure(resumed, naming: bad.path)
                if resumed.status == 1 { #expect(try [UInt8](Data(contentsOf: good)) == goodBytes) }
            }
        }
        #expect(failures >= 90, "only \(failures) of 120 damaged checkpoints were rejected")
    }

    /// A checkpoint whose stored data set name was damaged ("digits" → "digit/", a case the
    /// mutations above produced): eval and train --resume name the file, exit 1.
    @Test func checkpointNamingAnUnknownDataSet() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.safetensors"), bad = dir.appendingPathComponent("renamed.safetensors")
        #expect(try QuantaBinary.run(["train", "--model", "mlp", "--hidden", "8", "--epochs", "1", "--save", good.path]).status == 0)
        var bytes = try [UInt8](Data(contentsOf: good))
        let from = Array("digits".utf8), to = Array("digit/".utf8)
        var replaced = 0
        for i in 0...(bytes.count - from.count) where Array(bytes[i..<(i + from.count)]) == from {
            bytes.replaceSubrange(i..<(i + from.count), with: to); replaced += 1
        }
        #expect(replaced >= 2)
        try Data(bytes).write(to: bad)
        for args in [["eval", "--checkpoint", bad.path], ["train", "--resume", bad.path, "--save", good.path]] {
            let r = try QuantaBinary.run(args)
            #expect(r.status == 1, "\(args[0]): status \(r.status)")
            #expect(r.stderr.contains(bad.path) && r.stderr.contains("digit/"), "\(args[0]): \(r.stderr)")
        }
    }

    @Test func damagedDataFiles() throws {
        let root = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let iris = root.appendingPathComponent("iris"), mnist = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: iris, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        // A small well-formed MNIST-shaped IDX set to damage: 20 images of 28×28.
        func idx(_ magic: [UInt8], _ dims: [Int], _ body: [UInt8]) -> [UInt8] {
            magic + dims.flatMap { d in [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] } + body
        }
        let images = idx([0, 0, 8, 3], [20, 28, 28], (0..<(20 * 784)).map { UInt8($0 % 251) })
        let labels = idx([0, 0, 8, 1], [20], (0..<20).map { UInt8($0 % 10) })
        let names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        let csv = Array(try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/iris/iris.csv")))
        var rejected = 0, cases = 0
        for (i, bad) in Self.mutations(of: csv, count: 60, seed: 2).enumerated() {
            let file = iris.appendingPathComponent("iris.csv")
            try Data(bad).write(to: file)
            let r = try QuantaBinary.run(["train", "--dataset", "iris", "--epochs", "1", "--data-dir", root.path])
            Self.expectCleanFailure(r, naming: "iris")
            cases += 1; if r.status == 1 { rejected += 1 }
            _ = i
        }
        for (i, bad) in Self.mutations(of: images, count: 60, seed: 3).enumerated() {
            for (n, name) in names.enumerated() {
                try Data(n % 2 == 0 ? (n == 0 ? bad : images) : labels).write(to: mnist.appendingPathComponent(name))
            }
            let r = try QuantaBinary.run(["train", "--dataset", "mnist", "--model", "mlp", "--hidden", "8", "--epochs", "1",
                                          "--test-fraction", "0.2", "--data-dir", root.path])
            Self.expectCleanFailure(r, naming: "train-images")
            cases += 1; if r.status == 1 { rejected += 1 }
            _ = i
        }
        #expect(rejected >= cases * 2 / 3, "only \(rejected) of \(cases) damaged data files were rejected")
    }
}
