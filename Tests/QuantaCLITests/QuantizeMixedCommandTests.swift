import Foundation
import Testing
@testable import NeuralNetworks

/// `quanta quantize --method hawq|zeroq` on a ResNet-20 trained on digits, run as a user runs
/// it: the plans fit the budget, the saved integer file (per-layer widths) evaluates to the
/// printed accuracy, method-specific options are refused elsewhere.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct QuantizeMixedCommandTests {
    @Test func planFitsTheBudgetAndTheSavedModelEvaluates() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors"), q = dir.appendingPathComponent("hawq.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "resnet20", "--dataset", "digits", "--epochs", "1", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        let quantize = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "hawq", "--budget-bits", "3",
                                             "--epochs", "0", "--hessian-samples", "4", "--hessian-images", "64",
                                             "--out", q.path, "--json"])
        #expect(quantize.status == 0, "\(quantize.stderr)")
        #expect(quantize.stdout.contains("trace/n") && quantize.stdout.contains("uniform W3A8 beside it"))
        let json = try QuantizeRTNCommandTests.lastJSON(quantize)
        let hawq = try #require(json["hawq"] as? [String: Any])
        let layers = try #require(hawq["layers"] as? [[String: Any]])
        #expect(layers.count == 22)
        #expect(layers.allSatisfy { [2, 3, 4, 8].contains($0["bits"] as? Int ?? 0) })
        let weights = layers.map { $0["weights"] as? Int ?? 0 }, bits = layers.map { $0["bits"] as? Int ?? 0 }
        let average = Double(zip(weights, bits).map { $0 * $1 }.reduce(0, +)) / Double(weights.reduce(0, +))
        #expect(average <= 3 && (hawq["average_bits"] as? Double ?? 9) <= 3)

        let eval = try QuantaBinary.run(["eval", "--checkpoint", q.path, "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("resnet20 (quantized)"))
        #expect(quantize.stdout.contains("integer model (") && json["onednn_equals_reference"] as? Bool == true)
        let sizes = try #require(json["integer_layers"] as? [[String: Any]])
        #expect(sizes.map { $0["weight_bits"] as? Int ?? 0 } == bits)
        let evaluated = try QuantizeRTNCommandTests.lastJSON(eval)
        #expect(evaluated["test_accuracy"] as? Double == json["quantized_accuracy"] as? Double)
    }

    @Test func zeroqIsDataFree() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "resnet20", "--dataset", "digits", "--epochs", "1", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        let quantize = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "zeroq", "--budget-bits", "4",
                                             "--distilled-samples", "32", "--distill-iterations", "40", "--json"])
        #expect(quantize.status == 0, "\(quantize.stderr)")
        #expect(quantize.stderr.contains("statistics loss") && quantize.stdout.contains("KL W2"))
        let json = try QuantizeRTNCommandTests.lastJSON(quantize)
        let zeroq = try #require(json["zeroq"] as? [String: Any])
        #expect((zeroq["average_bits"] as? Double ?? 9) <= 4)
        #expect((zeroq["layers"] as? [[String: Any]])?.count == 22)
        for key in ["data_free_w8_accuracy", "real_calibration_accuracy", "uniform_accuracy"] {
            #expect((zeroq[key] as? Double).map { $0 > 0.5 } == true, "\(key)")
        }
    }

    @Test func sensitivityHasHessianAndKLColumns() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "1", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        let run = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "ptq", "--weight-bits", "4", "--sensitivity",
                                        "--hessian-samples", "4", "--hessian-images", "64", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("trace/n") && run.stdout.contains("KL(b)"))
        let json = try QuantizeRTNCommandTests.lastJSON(run)
        let rows = try #require((json["sensitivity"] as? [String: Any])?["layers"] as? [[String: Any]])
        let layers = rows.filter { $0["layer"] as? String != "all" }
        #expect(layers.count == 4)
        #expect(layers.allSatisfy { $0["trace_over_n"] is Double && ($0["kl"] as? Double).map { $0 >= 0 } == true })
        let misplaced = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "ptq", "--hessian-samples", "4"])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("--hessian-samples is for --method hawq and --sensitivity"))
    }

    @Test func distillTrainsTheStudentWithAndWithoutTheTeacher() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let student = dir.appendingPathComponent("s.safetensors"), teacher = dir.appendingPathComponent("t.safetensors")
        let out = dir.appendingPathComponent("d.safetensors")
        for (file, epochs) in [(student, "1"), (teacher, "3")] {
            let train = try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", epochs, "--save", file.path])
            #expect(train.status == 0, "\(train.stderr)")
        }
        let run = try QuantaBinary.run(["quantize", "--checkpoint", student.path, "--method", "distill", "--teacher", teacher.path,
                                        "--weight-bits", "4", "--epochs", "1", "--learning-rate", "1e-3", "--out", out.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("student with the teacher (T = 5)") && run.stdout.contains("on the labels alone beside it"))
        let json = try QuantizeRTNCommandTests.lastJSON(run)
        #expect((json["teacher_accuracy"] as? Double ?? 0) > 0.8 && json["without_teacher_accuracy"] is Double)
        let eval = try QuantaBinary.run(["eval", "--checkpoint", out.path, "--json"])
        let evaluated = try QuantizeRTNCommandTests.lastJSON(eval)
        #expect(eval.status == 0 && evaluated["test_accuracy"] as? Double == json["quantized_accuracy"] as? Double)
        let missing = try QuantaBinary.run(["quantize", "--checkpoint", student.path, "--method", "distill"])
        #expect(missing.status == 64 && missing.stderr.contains("--method distill needs --teacher"))
    }

    @Test func qfxSavesAShiftOnlyIntegerModel() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors"), out = dir.appendingPathComponent("q.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "2", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        let run = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "qfx", "--epochs", "1", "--out", out.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("simulated fixed point W8") && run.stdout.contains("shift-only integer model"))
        let json = try QuantizeRTNCommandTests.lastJSON(run)
        #expect(json["shift_only"] as? Bool == true && json["onednn_equals_reference"] as? Bool == true)
        #expect((json["quantized_accuracy"] as? Double ?? 0) > 0.8)
        let eval = try QuantaBinary.run(["eval", "--checkpoint", out.path, "--json"])
        let evaluated = try QuantizeRTNCommandTests.lastJSON(eval)
        #expect(eval.status == 0 && evaluated["test_accuracy"] as? Double == json["quantized_accuracy"] as? Double)
        let misplaced = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "ptq", "--powers", "2"])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("--powers is for --method qfx"))
        let codebook = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "ptq", "--codebook-bits", "3"])
        #expect(codebook.status == 64 && codebook.stderr.contains("--codebook-bits is for --method codebook"))
    }

    @Test func nonUniformGridsRunAndRefuseOut() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("f.safetensors")
        let train = try QuantaBinary.run(["train", "--model", "resnet20", "--dataset", "digits", "--epochs", "1", "--save", ck.path])
        #expect(train.status == 0, "\(train.stderr)")
        for method in ["nupes", "codebook"] {
            let run = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", method, "--weight-bits", "3",
                                            "--calibration-batches", "2", "--json"])
            #expect(run.status == 0, "\(method): \(run.stderr)")
            #expect(run.stdout.contains("uniform grid W3A8 beside it") && run.stdout.contains("non-uniform grid W3A8"))
            let json = try QuantizeRTNCommandTests.lastJSON(run)
            #expect((json["quantized_accuracy"] as? Double ?? 0) > 0.5 && json["nearest_accuracy"] != nil)
        }
        let out = try QuantaBinary.run(["quantize", "--checkpoint", ck.path, "--method", "nupes", "--out",
                                        dir.appendingPathComponent("q.safetensors").path])
        #expect(out.status == 64 && out.stderr.contains("--out is not available for --method nupes"))
    }

    @Test func methodOptionsBelongToTheirMethods() throws {
        let misplaced = try QuantaBinary.run(["quantize", "--checkpoint", "x.safetensors", "--method", "ptq", "--budget-bits", "3"])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("--budget-bits is for --method hawq or zeroq"))
        let distil = try QuantaBinary.run(["quantize", "--checkpoint", "x.safetensors", "--method", "hawq", "--distilled-samples", "8"])
        #expect(distil.status == 64 && distil.stderr.contains("--distilled-samples is for --method zeroq"))
        let noEpochs = try QuantaBinary.run(["quantize", "--checkpoint", "x.safetensors", "--method", "qat", "--epochs", "0"])
        #expect(noEpochs.status == 64 && noEpochs.stderr.contains("--epochs 0"))
    }
}
