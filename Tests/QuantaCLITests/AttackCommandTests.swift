import Foundation
import Testing

/// `quanta attack` and `quanta train --adversarial` as a user runs them.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct AttackCommandTests {
    static func json(_ stdout: String) throws -> [String: Any] {
        let last = try #require(stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    @Test func accuracyFallsWithEpsilonAndAdversarialTrainingHoldsItUp() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.safetensors"), robust = dir.appendingPathComponent("robust.safetensors")
        for (file, extra) in [(plain, [String]()), (robust, ["--adversarial", "fgsm:0.1"])] {
            let r = try QuantaBinary.run(["train", "--model", "mlp", "--dataset", "digits", "--epochs", "10", "--save", file.path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        var accuracies: [[Double]] = []
        for file in [plain, robust] {
            let r = try QuantaBinary.run(["attack", "--checkpoint", file.path, "--eps", "0,0.05,0.1", "--json"])
            #expect(r.status == 0 && r.stdout.contains("ε 0.1") && r.stderr.contains("bounds 0.0…1.0"), "\(r.stderr)")
            let result = try Self.json(r.stdout)
            #expect(result["samples"] as? Int == 359 && result["method"] as? String == "fgsm")
            accuracies.append(try #require(result["accuracy"] as? [Double]))
        }
        #expect(accuracies[0][0] > accuracies[0][1] && accuracies[0][1] > accuracies[0][2], "\(accuracies[0])")
        #expect(accuracies[1][2] > accuracies[0][2] + 0.05, "FGSM at 0.1: plain \(accuracies[0][2]), adversarial \(accuracies[1][2])")
        let picture = dir.appendingPathComponent("examples.png")
        let examples = try QuantaBinary.run(["attack", "--checkpoint", plain.path, "--eps", "0.2", "--examples", picture.path])
        #expect(examples.status == 0, "\(examples.stderr)")
        #expect(try Data(contentsOf: picture).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let pgd = try QuantaBinary.run(["attack", "--checkpoint", plain.path, "--method", "pgd", "--eps", "0.1", "--steps", "5",
                                        "--norm", "l2", "--limit", "50", "--json"])
        #expect(pgd.status == 0, "\(pgd.stderr)")
        let samples = try Self.json(pgd.stdout)["samples"] as? Int
        #expect(samples == 50)
    }

    @Test func badRequestsAreClearErrors() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.safetensors"), integer = dir.appendingPathComponent("m8.safetensors")
        #expect(try QuantaBinary.run(["train", "--model", "mlp", "--hidden", "16", "--epochs", "1", "--save", file.path]).status == 0)
        #expect(try QuantaBinary.run(["quantize", "--checkpoint", file.path, "--method", "ptq", "--out", integer.path]).status == 0)
        let regression = dir.appendingPathComponent("r.safetensors")
        #expect(try QuantaBinary.run(["train", "--task", "forecast", "--dataset", "pendulum", "--model", "gru", "--window", "4",
                                      "--epochs", "1", "--save", regression.path]).status == 0)
        let cases: [([String], Int32, String)] = [
            (["--checkpoint", file.path, "--eps", "0.1,-0.2"], 64, "numbers ≥ 0"),
            (["--checkpoint", file.path, "--steps", "3"], 64, "--steps is for --method pgd"),
            (["--checkpoint", integer.path], 1, "quantized model"),
            (["--checkpoint", regression.path], 1, "regression model"),
        ]
        for (args, status, message) in cases {
            let r = try QuantaBinary.run(["attack"] + args)
            #expect(r.status == status && r.stderr.contains(message) && !r.crashed, "\(args): \(r.status) \(r.stderr)")
        }
        let train = try QuantaBinary.run(["train", "--model", "mlp", "--adversarial", "pgd:x"])
        #expect(train.status == 64 && train.stderr.contains("--adversarial"), "\(train.stderr)")
    }
}
