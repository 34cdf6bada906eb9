import Foundation
import Testing

/// Issue #14 item 3: an output that is an input is refused, metrics are only appended to
/// JSON lines, and an unwritable output is reported before any work.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct OutputSafetyTests {
    @Test func outputsNeverOverwriteInputs() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("x.safetensors")
        let train = try QuantaBinary.run(["train", "--hidden", "8", "--epochs", "1", "--save", checkpoint.path])
        #expect(train.status == 0, "\(train.stderr)")
        let original = try Data(contentsOf: checkpoint)
        let link = dir.appendingPathComponent("link.safetensors")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: checkpoint)
        for out in [checkpoint.path, dir.path + "/./x.safetensors", link.path] {
            let r = try QuantaBinary.run(["quantize", "--checkpoint", checkpoint.path, "--method", "ptq", "--out", out])
            #expect(r.status == 64 && r.stderr.contains("would destroy the input"), "\(out): \(r.stderr)")
        }
        let metrics = try QuantaBinary.run(["train", "--hidden", "8", "--epochs", "1", "--metrics-out", checkpoint.path])
        #expect(metrics.status == 1 && metrics.stderr.contains("not a JSON-lines file"), "\(metrics.stderr)")
        let resumed = try QuantaBinary.run(["train", "--resume", checkpoint.path, "--metrics-out", checkpoint.path])
        #expect(resumed.status == 64, "\(resumed.stderr)")
        #expect(try Data(contentsOf: checkpoint) == original)
        // Appending to an existing JSON-lines file still works.
        let log = dir.appendingPathComponent("m.jsonl")
        for _ in 0..<2 {
            #expect(try QuantaBinary.run(["train", "--hidden", "8", "--epochs", "1", "--metrics-out", log.path]).status == 0)
        }
        #expect(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test func unwritableOutputsFailBeforeWork() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/folder/out.safetensors").path
        let save = try QuantaBinary.run(["train", "--epochs", "50", "--save", missing])
        #expect(save.status == 1 && save.stderr.contains("does not exist") && !save.stderr.contains("epoch 1"), "\(save.stderr)")
        let folder = try QuantaBinary.run(["train", "--epochs", "50", "--save", dir.path])
        #expect(folder.status == 1 && folder.stderr.contains("is a folder"), "\(folder.stderr)")
        let checkpoint = dir.appendingPathComponent("c.safetensors")
        #expect(try QuantaBinary.run(["train", "--hidden", "8", "--epochs", "1", "--save", checkpoint.path]).status == 0)
        let qat = try QuantaBinary.run(["quantize", "--checkpoint", checkpoint.path, "--method", "qat", "--out", missing])
        #expect(qat.status == 1 && qat.stderr.contains("does not exist") && qat.stdout.isEmpty, "\(qat.stderr)")
        // A report creates its folders, but not inside a file.
        let underFile = checkpoint.appendingPathComponent("r/report.md").path
        let report = try QuantaBinary.run(["reproduce", "reupload-circle", "--quick", "--report", underFile])
        #expect(report.status == 1 && report.stderr.contains("is a file, not a folder"), "\(report.stderr)")
    }
}
