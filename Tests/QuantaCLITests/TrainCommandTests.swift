import Foundation
import Testing
@testable import NeuralNetworks

/// `quanta train / eval / datasets` run as a user runs them: the built binary, its output and exit codes.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct TrainCommandTests {
    @Test func trainsOnEmbeddedDigitsAndPrintsJSON() throws {
        let r = try QuantaBinary.run(["train", "--model", "mlp", "--dataset", "digits", "--epochs", "5", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let last = try #require(r.stdout.split(separator: "\n").last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        for key in ["test_accuracy", "test_loss", "parameters", "epochs", "train_seconds"] { #expect(json[key] != nil, "missing \(key)") }
        #expect((json["test_accuracy"] as? Double ?? 0) > 0.85)
        #expect(json["epochs"] as? Int == 5)
    }

    /// The residual and depthwise-separable catalog networks train on 8×8 digits, save and
    /// evaluate; integer PTQ refuses them with the reason (weight-only quantization walks them).
    @Test func resnetAndMobileNetTrainSaveAndEvaluate() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in ["resnet20", "mobilenet"] {
            let file = dir.appendingPathComponent("\(model).safetensors")
            let train = try QuantaBinary.run(["train", "--model", model, "--dataset", "digits", "--epochs", "3", "--save", file.path, "--json"])
            #expect(train.status == 0, "\(train.stderr)")
            let last = try #require(train.stdout.split(separator: "\n").last)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            #expect((json["test_accuracy"] as? Double ?? 0) > 0.85, "\(model): \(json)")
            let eval = try QuantaBinary.run(["eval", "--checkpoint", file.path])
            #expect(eval.status == 0 && eval.stdout.contains("\(model) on digits test"), "\(eval.stderr)")
            let integer = dir.appendingPathComponent("\(model)-w8a8.safetensors")
            let ptq = try QuantaBinary.run(["quantize", "--checkpoint", file.path, "--method", "ptq", "--out", integer.path])
            #expect(ptq.status == 0 && ptq.stdout.contains("ptq        W8A8"), "\(model) ptq: \(ptq.stderr)")
            let integerEval = try QuantaBinary.run(["eval", "--checkpoint", integer.path])
            #expect(integerEval.status == 0 && integerEval.stdout.contains("\(model) (quantized) on digits test"), "\(integerEval.stderr)")
            let qat = try QuantaBinary.run(["quantize", "--checkpoint", file.path, "--method", "qat", "--weight-bits", "4", "--epochs", "0.5"])
            #expect(qat.status == 0 && qat.stdout.contains("qat        W4A8") && qat.stderr.contains("qat epoch 1"), "\(model) qat: \(qat.stderr)")
            let rtn = try QuantaBinary.run(["quantize", "--checkpoint", file.path, "--method", "rtn", "--weight-bits", "8"])
            #expect(rtn.status == 0, "\(model) rtn: \(rtn.stderr)")
        }
    }

    @Test func killedRunResumesBitIdentical() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["train", "--model", "mlp", "--hidden", "32", "--dataset", "digits", "--epochs", "3", "--batch-size", "50",
                      "--seed", "7", "--checkpoint-every", "4"]
        let full = dir.appendingPathComponent("full.safetensors"), cut = dir.appendingPathComponent("cut.safetensors")
        let uninterrupted = try QuantaBinary.run(common + ["--save", full.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        // 23 batches per epoch: step 30 is mid-epoch 2; the last checkpoint before the kill is at step 28.
        let killed = try QuantaBinary.run(common + ["--save", cut.path], environment: ["QUANTA_KILL_AFTER_STEPS": "30"])
        #expect(killed.crashed, "the run should have died by SIGKILL: \(killed.status) \(killed.stderr)")
        let resumed = try QuantaBinary.run(["train", "--resume", cut.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed"))
        let a = try SafeTensors.read(full).tensors, b = try SafeTensors.read(cut).tensors
        #expect(Set(a.keys) == Set(b.keys))
        for (name, entry) in a { #expect(b[name] == entry, "tensor \(name) differs after resume") }
    }

    @Test func evalReadsTheCheckpoint() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("m.safetensors")
        let t = try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "2", "--save", ck.path, "--json",
                                      "--metrics-out", dir.appendingPathComponent("m.jsonl").path])
        #expect(t.status == 0, "\(t.stderr)")
        let e = try QuantaBinary.run(["eval", "--checkpoint", ck.path, "--json"])
        #expect(e.status == 0, "\(e.stderr)")
        let trained = try JSONSerialization.jsonObject(with: Data(t.stdout.split(separator: "\n").last!.utf8)) as! [String: Any]
        let evaluated = try JSONSerialization.jsonObject(with: Data(e.stdout.split(separator: "\n").last!.utf8)) as! [String: Any]
        #expect(trained["test_accuracy"] as? Double == evaluated["test_accuracy"] as? Double)
        let lines = try String(contentsOf: dir.appendingPathComponent("m.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("\"train_loss\""))
    }

    @Test func evalRunsQuantizedFiles() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors"), q = dir.appendingPathComponent("q.safetensors")
        #expect(try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "2", "--save", ck.path]).status == 0)
        let quantize = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "ptq", "--out", q.path])
        #expect(quantize.status == 0, "\(quantize.stderr)")
        let float = try QuantaBinary.run(["eval", "--checkpoint", ck.path, "--json"])
        let integer = try QuantaBinary.run(["eval", "--checkpoint", q.path, "--json"])
        #expect(integer.status == 0, "\(integer.stderr)")
        let f = try JSONSerialization.jsonObject(with: Data(float.stdout.split(separator: "\n").last!.utf8)) as! [String: Any]
        let i = try JSONSerialization.jsonObject(with: Data(integer.stdout.split(separator: "\n").last!.utf8)) as! [String: Any]
        #expect(i["quantized"] as? Bool == true && f["quantized"] as? Bool == false)
        #expect(abs((i["test_accuracy"] as! Double) - (f["test_accuracy"] as! Double)) < 0.03)
    }

    @Test func usageErrorsExit64AndFailuresExit1() throws {
        #expect(try QuantaBinary.run([]).status == 64)
        #expect(try QuantaBinary.run(["frobnicate"]).status == 64)
        #expect(try QuantaBinary.run(["train", "--epochs", "zero"]).status == 64)
        #expect(try QuantaBinary.run(["train", "--bogus"]).status == 64)
        #expect(try QuantaBinary.run(["train", "--model", "lenet5", "--dataset", "digits"]).status == 64)
        let empty = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = try QuantaBinary.run(["train", "--dataset", "mnist", "--data-dir", empty.path], environment: ["QUANTA_DATA": ""])
        if missing.status != 0 {   // a machine may have MNIST installed system-wide
            #expect(missing.status == 1)
            #expect(missing.stderr.contains(empty.path) && missing.stderr.contains("quanta datasets fetch mnist"))
        }
        let noFile = try QuantaBinary.run(["eval", "--checkpoint", "/nonexistent/x.safetensors"])
        #expect(noFile.status == 1 && noFile.stderr.contains("/nonexistent/x.safetensors"))
        for command in ["train", "eval", "datasets", "demo"] {
            let help = try QuantaBinary.run([command, "--help"])
            #expect(help.status == 0 && help.stdout.contains("Usage: quanta \(command)"))
        }
    }

    @Test func datasetsListAndInfo() throws {
        let list = try QuantaBinary.run(["datasets", "list"])
        #expect(list.status == 0)
        for name in ["mnist", "fashion-mnist", "digits", "iris", "wine", "breast-cancer", "sunspots", "italy-power-demand", "gunpoint"] {
            #expect(list.stdout.contains(name))
        }
        let info = try QuantaBinary.run(["datasets", "info", "iris"])
        #expect(info.status == 0 && info.stdout.contains("150 train"))
        #expect(try QuantaBinary.run(["datasets", "info", "nope"]).status == 1)
    }
}
