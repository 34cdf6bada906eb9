import Foundation
import Testing
@testable import NeuralNetworks

/// `quanta quantize --method rtn --out` and `quanta eval` of the saved weight-only model, run as a user runs them.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct QuantizeRTNCommandTests {
    static func lastJSON(_ r: QuantaBinary.Result) throws -> [String: Any] {
        let line = try #require(r.stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func savedRTNModelEvaluatesToTheSameAccuracy() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors"), q = dir.appendingPathComponent("rtn.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "1", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        let quantize = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "rtn", "--weight-bits", "4",
                                             "--granularity", "group", "--group-size", "32", "--out", q.path, "--json"])
        #expect(quantize.status == 0, "\(quantize.stderr)")
        #expect(quantize.stderr.contains("saved \(q.path)"))
        let eval = try QuantaBinary.run(["eval", "--checkpoint", q.path, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("(weight-only)"))
        let quantized = try Self.lastJSON(quantize), evaluated = try Self.lastJSON(eval)
        #expect(evaluated["weight_only"] as? Bool == true && evaluated["quantized"] as? Bool == true)
        #expect(evaluated["test_accuracy"] as? Double == quantized["quantized_accuracy"] as? Double)
        #expect(evaluated["model_bytes"] as? Int == quantized["quantized_bytes"] as? Int)
        #expect(evaluated["samples"] as? Int == quantized["samples"] as? Int)

        // The saved file keeps the float checkpoint's model spec and training configuration.
        let float = try SafeTensors.read(ck).metadata, saved = try SafeTensors.read(q).metadata
        for key in ["quanta.model", "quanta.train"] { #expect(saved[key] == float[key], "metadata \(key) not carried over") }
        #expect(saved["quanta.format"] == "quanta-weight-only-1")

        // A quantized file is not a float checkpoint to quantize again.
        let again = try QuantaBinary.run(["quantize", "--checkpoint", q.path, "--method", "rtn"])
        #expect(again.status == 1 && again.stderr.contains(q.path) && again.stderr.contains("already a quantized model"))

        // Another data set than the checkpoint's standardisation fits is a usage error, not a crash.
        let other = try QuantaBinary.run(["eval", "--checkpoint", q.path, "--dataset", "iris"])
        #expect(other.status == 64 && !other.crashed && other.stderr.contains("standardisation"), "\(other.status) \(other.stderr)")

        // A damaged file is refused with a message naming it, exit 1.
        var bytes = [UInt8](try Data(contentsOf: q))
        bytes.removeLast(7)
        try Data(bytes).write(to: q)
        let damaged = try QuantaBinary.run(["eval", "--checkpoint", q.path])
        #expect(damaged.status == 1 && damaged.stderr.contains(q.path), "\(damaged.status) \(damaged.stderr)")
    }

    @Test func helpMentionsSavingRTN() throws {
        let help = try QuantaBinary.run(["quantize", "--help"])
        #expect(help.status == 0 && help.stdout.contains("rtn, adaround, brecq, distill: bit-packed"))
    }
}

/// `quanta quantize` on a hybrid paper checkpoint: the quanvolution stays float, the linear
/// layer becomes integer, and the saved file evaluates to the accuracy quantize printed.
@Suite struct HybridQuantizeCommandTests {
    static let sharedData = HelpTests.sharedData

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("mnist").path)))
    func ptqOfAHybridCheckpointSavesAndEvaluates() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let float = dir.appendingPathComponent("quanv.safetensors").path
        let int8 = dir.appendingPathComponent("quanv-int8.safetensors").path
        let data = ["--data-dir", Self.sharedData.path]
        let train = try QuantaBinary.run(["train", "--model", "hqnn-quanv", "--train-size", "200", "--test-size", "100",
                                          "--epochs", "2", "--save", float] + data)
        #expect(train.status == 0, "\(train.stderr)")
        let q = try QuantaBinary.run(["quantize", "--checkpoint", float, "--method", "ptq", "--calibration-batches", "2",
                                      "--out", int8, "--json"] + data)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stderr.contains("hybrid model: float 0 (Quanvolution<Float>), integer 1…2"))
        let last = try #require(q.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let accuracy = try #require(object["quantized_accuracy"] as? Double)
        let eval = try QuantaBinary.run(["eval", "--checkpoint", int8, "--json"] + data)
        #expect(eval.status == 0, "\(eval.stderr)")
        let evalLast = try #require(eval.stdout.split(separator: "\n").last)
        let evalObject = try #require(try JSONSerialization.jsonObject(with: Data(evalLast.utf8)) as? [String: Any])
        #expect(evalObject["test_accuracy"] as? Double == accuracy && evalObject["quantized"] as? Bool == true)
    }
}
