import Foundation
import Testing
@testable import NeuralNetworks

/// A paper model fitted to real targets (qkan-regression, J₀(20x)) through the built binary:
/// train with --save and --json, eval and predict on its checkpoint, a killed run resumed,
/// quantize refusing it, and its usage errors.
@Suite(.enabled(if: QuantaBinary.isBuilt)) struct RegressionPaperCommandTests {
    @Test func trainEvalPredictAndQuantize() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("j0.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "qkan-regression", "--save", file.path, "--json"])
        #expect(train.status == 0 && train.stderr.contains("15 parameters: 1000 train, 1000 test"), "\(train.stderr)")
        #expect(!train.stderr.contains("acc "), "a regression has no accuracy: \(train.stderr)")
        let json = try #require(train.stdout.split(separator: "\n").last.flatMap { $0.data(using: .utf8) })
        let fields = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(fields["task"] as? String == "regression" && fields["parameters"] as? Int == 15)
        // J₀(20x) on [−1, 1] has variance ≈ 0.09; the fit explains most of it
        let mse = try #require(fields["test_loss"] as? Double)
        #expect(mse < 0.05 && (fields["test_r2"] as? Double ?? 0) > 0.5, "\(fields)")

        let eval = try QuantaBinary.run(["eval", "--checkpoint", file.path])
        #expect(eval.status == 0, "\(eval.stderr)")
        let trained = try #require(train.stdout.split(separator: "\n").first { $0.hasPrefix("test RMSE") })
        #expect(eval.stdout.contains(String(trained.components(separatedBy: "  (1000").first!)), "\(eval.stdout) vs \(trained)")

        let input = dir.appendingPathComponent("x.csv")
        try "x\n0.1\n-0.5\n0\n".write(to: input, atomically: true, encoding: .utf8)
        let predict = try QuantaBinary.run(["predict", "--checkpoint", file.path, "--input", input.path])
        let lines = predict.stdout.split(separator: "\n")
        #expect(predict.status == 0 && lines.first == "row,value_0" && lines.count == 4, "\(predict.stdout) \(predict.stderr)")
        // J₀(0) = 1: the fitted curve's peak
        let atZero = try #require(Double(lines[3].split(separator: ",")[1]))
        #expect(abs(atZero - 1) < 0.3, "\(lines)")

        let quantize = try QuantaBinary.run(["quantize", "--checkpoint", file.path, "--method", "ptq"])
        #expect(quantize.status == 1 && quantize.stderr.contains("regression model") && !quantize.crashed)
        let otherData = try QuantaBinary.run(["eval", "--checkpoint", file.path, "--dataset", "mnist"])
        #expect(otherData.status != 0 && otherData.stderr.contains("j0") && !otherData.crashed, "\(otherData.stderr)")
    }

    /// Killed inside its L-BFGS iterations and resumed, the fit ends where an uninterrupted one does.
    @Test func killedFitResumes() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full.safetensors")
        let cut = dir.appendingPathComponent("cut.safetensors")
        let common = ["train", "--model", "qkan-regression", "--head", "mlp", "--epochs", "60"]
        let uninterrupted = try QuantaBinary.run(common + ["--save", full.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let killed = try QuantaBinary.run(common + ["--save", cut.path], environment: ["QUANTA_KILL_AFTER_STEPS": "30"])
        #expect(killed.crashed, "the run should have died by SIGKILL: \(killed.status) \(killed.stderr)")
        let resumed = try QuantaBinary.run(["train", "--resume", cut.path])
        #expect(resumed.status == 0 && resumed.stderr.contains("resuming"), "\(resumed.stderr)")
        let a = try SafeTensors.read(full).tensors
        let b = try SafeTensors.read(cut).tensors
        #expect(Set(a.keys) == Set(b.keys) && !a.isEmpty)
        for (name, entry) in a { #expect(b[name] == entry, "tensor \(name) differs after resume") }
    }

    @Test func usageErrors() throws {
        for bad in [["--dataset", "mnist"], ["--head", "linear"], ["--reps", "0"], ["--layers", "2"]] {
            let r = try QuantaBinary.run(["train", "--model", "qkan-regression"] + bad)
            #expect(r.status == 64 && !r.crashed, "\(bad): \(r.status) \(r.stderr)")
        }
    }
}
