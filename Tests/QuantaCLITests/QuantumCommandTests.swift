import Foundation
import Testing
@testable import NeuralNetworks

/// `quanta train` with the quantum paper models, `quanta eval` on their checkpoints, and
/// `quanta reproduce` argument errors — through the built binary.
@Suite(.enabled(if: QuantaBinary.isBuilt)) struct QuantumCommandTests {
    @Test func trainSaveAndEvalAQuantumModel() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hamemb-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        let train = try QuantaBinary.run(["train", "--model", "hamemb", "--layers", "3", "--epochs", "5", "--save", file.path, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("\"test_accuracy\"") && train.stderr.contains("1200 train, 100 test"))
        let eval = try QuantaBinary.run(["eval", "--checkpoint", file.path])
        #expect(eval.status == 0 && eval.stdout.contains("hamemb on digits test (100 samples)"), "\(eval.stderr)")
        let circle = try QuantaBinary.run(["train", "--model", "reupload-1q", "--layers", "2", "--epochs", "20"])
        #expect(circle.status == 0 && circle.stdout.contains("test accuracy"), "\(circle.stderr)")
        let chosen = try QuantaBinary.run(["train", "--model", "reupload-1q", "--layers", "2", "--epochs", "20",
                                           "--cost", "fidelity", "--optimizer", "adam", "--lr", "0.05"])
        #expect(chosen.status == 0 && chosen.stderr.contains("adam lr 0.05"), "\(chosen.stderr)")
    }

    /// The paper models run on the shared `Trainer`: a run killed mid-way and resumed ends with
    /// every tensor (weights, Adam moments, step) bit-identical to an uninterrupted run.
    @Test func killedHamEmbRunResumesBitIdentical() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["train", "--model", "hamemb", "--dataset", "digits", "--epochs", "40"]
        let full = dir.appendingPathComponent("full.safetensors")
        let cut = dir.appendingPathComponent("cut.safetensors")
        let uninterrupted = try QuantaBinary.run(common + ["--save", full.path, "--metrics-out", dir.appendingPathComponent("m.jsonl").path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let metrics = try String(contentsOf: dir.appendingPathComponent("m.jsonl"), encoding: .utf8)
        #expect(metrics.split(separator: "\n").count == 40 && metrics.contains("\"train_loss\""))
        let killed = try QuantaBinary.run(common + ["--save", cut.path], environment: ["QUANTA_KILL_AFTER_STEPS": "17"])
        #expect(killed.crashed, "the run should have died by SIGKILL: \(killed.status) \(killed.stderr)")
        let resumed = try QuantaBinary.run(["train", "--resume", cut.path, "--json"])
        #expect(resumed.status == 0 && resumed.stderr.contains("resuming"), "\(resumed.stderr)")
        let a = try SafeTensors.read(full).tensors
        let b = try SafeTensors.read(cut).tensors
        #expect(Set(a.keys) == Set(b.keys) && a.keys.contains("optimizer.exp_avg.0"))
        for (name, entry) in a { #expect(b[name] == entry, "tensor \(name) differs after resume") }
        func accuracy(_ r: QuantaBinary.Result) -> String? { r.stdout.components(separatedBy: "  (").first }
        #expect(accuracy(uninterrupted) == accuracy(resumed))
    }

    /// L-BFGS runs resume by starts: reupload-1q's best of 30 starts, killed inside one of them,
    /// resumed, ends with the same best model as an uninterrupted run.
    @Test func killedLBFGSRunResumesBitIdentical() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full.safetensors")
        let cut = dir.appendingPathComponent("cut.safetensors")
        let common = ["train", "--model", "reupload-1q", "--layers", "2", "--epochs", "30", "--test-size", "300"]
        // 30 starts of at most 30 iterations each: the kill after 70 lands inside the third start or later.
        let uninterrupted = try QuantaBinary.run(common + ["--save", full.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let killed = try QuantaBinary.run(common + ["--save", cut.path], environment: ["QUANTA_KILL_AFTER_STEPS": "70"])
        #expect(killed.crashed, "the run should have died by SIGKILL: \(killed.status) \(killed.stderr)")
        let stopped = try SafeTensors.read(cut).metadata["quanta.starts"] ?? ""
        #expect(stopped.contains("\"finished\":false"), "\(stopped)")
        let resumed = try QuantaBinary.run(["train", "--resume", cut.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try SafeTensors.read(full).tensors
        let b = try SafeTensors.read(cut).tensors
        #expect(Set(a.keys) == Set(b.keys) && !a.isEmpty)
        for (name, entry) in a { #expect(b[name] == entry, "tensor \(name) differs after resume") }
        func accuracy(_ r: QuantaBinary.Result) -> String? { r.stdout.components(separatedBy: "  (").first }
        #expect(accuracy(uninterrupted) == accuracy(resumed))
    }

    @Test func quantumUsageErrors() throws {
        #expect(try QuantaBinary.run(["train", "--model", "hamemb", "--dataset", "iris"]).status == 64)
        #expect(try QuantaBinary.run(["train", "--model", "reupload-1q", "--qubits", "2"]).status == 64)
        #expect(try QuantaBinary.run(["train", "--model", "qcnn-hur", "--dataset", "digits"]).status == 64)
        #expect(try QuantaBinary.run(["reproduce", "nothing"]).status == 64)
        #expect(try QuantaBinary.run(["reproduce", "--help"]).stdout.contains("hamiltonian-embedding"))
        // options of the other family are refused, not ignored
        for bad in [["--model", "hamemb", "--optimizer", "sgd"], ["--model", "hamemb", "--cost", "fidelity"],
                    ["--model", "reupload-1q", "--cost", "hinge"], ["--model", "hamemb", "--schedule", "step"],
                    ["--model", "mlp", "--qubits", "3"], ["--model", "lenet5", "--cost", "fidelity"]] {
            let r = try QuantaBinary.run(["train"] + bad)
            #expect(r.status == 64 && r.stderr.contains("--"), "\(bad): \(r.status) \(r.stderr)")
        }
        let odd = try QuantaBinary.run(["train", "--model", "qcnn", "--qubits", "5", "--epochs", "1"])
        #expect(odd.status == 64 && odd.stderr.contains("even number of qubits") && !odd.crashed)
        let missing = try QuantaBinary.run(["train", "--model", "reupload-1q", "--epochs", "3", "--resume", "/nonexistent.safetensors"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent.safetensors"))
    }
}
