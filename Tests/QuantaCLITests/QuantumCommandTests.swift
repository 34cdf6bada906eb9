import Foundation
import Testing

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
        #expect(odd.status == 1 && odd.stderr.contains("even number of qubits") && !odd.crashed)
    }
}
