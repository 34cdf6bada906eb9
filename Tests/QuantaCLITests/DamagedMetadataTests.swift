import Foundation
import Quanta
import Testing

/// Issue #14 item 2: edited metadata, trainer state and tensor values once crashed eval,
/// quantize and --resume (SIGABRT/SIGILL). Each edit now ends with exit 1 and a message that
/// names the file and the field or tensor.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct DamagedMetadataTests {
    struct Case {
        var source: String
        var edit: (URL, URL) throws -> Void
        var command: [String]
        var mentions: String
    }

    static func field(_ key: String, _ field: String, _ value: Any) -> (URL, URL) throws -> Void {
        { try SafeTensorsEdit.metadata($0, to: $1, key: key, field: field, value: value) }
    }

    static func tensor(_ name: String, _ value: Float) -> (URL, URL) throws -> Void {
        { try SafeTensorsEdit.firstFloat($0, to: $1, tensor: name, value: value) }
    }

    static let cases: [Case] = [
        Case(source: "mlp", edit: field("quanta.model", "classes", 2_147_483_648), command: ["eval"], mentions: "'classes'"),
        Case(source: "mlp", edit: field("quanta.model", "hidden", [-5]), command: ["eval"], mentions: "'hidden'"),
        Case(source: "mlp", edit: field("quanta.model", "name", "x"), command: ["predict", "--input", "/dev/null", "--checkpoint"],
             mentions: "'name'"),
        Case(source: "mlp", edit: field("quanta.model", "normalization", ["mean": [1, 2], "std": [1, 1], "channelAxis": 1]),
             command: ["eval"], mentions: "'normalization'"),
        Case(source: "cnn", edit: field("quanta.model", "channels", -3), command: ["quantize", "--method", "ptq"],
             mentions: "'channels'"),
        Case(source: "mlp", edit: field("quanta.train", "batchSize", 0), command: ["train", "--resume"], mentions: "'batchSize'"),
        Case(source: "mlp", edit: field("quanta.train", "learningRate", -1), command: ["train", "--resume"],
             mentions: "'learningRate'"),
        Case(source: "mlp", edit: field("quanta.trainer", "batchInEpoch", -1), command: ["train", "--resume"],
             mentions: "'batchInEpoch'"),
        Case(source: "mlp", edit: tensor("optimizer.step", .nan), command: ["train", "--resume"], mentions: "'optimizer.step'"),
        Case(source: "mlp", edit: tensor("optimizer.step", 1e12), command: ["train", "--resume"], mentions: "optimizer step"),
        Case(source: "mlp", edit: tensor("3.weight", .infinity), command: ["eval"], mentions: "'3.weight'"),
        Case(source: "ptq", edit: tensor("1.weight_scale", 1e30), command: ["eval"], mentions: "multiplier"),
        // a paper model's stored recipe: 10^8 layers hung, 40 qubits trapped
        Case(source: "paper", edit: field("quanta.recipe", "layers", 100_000_000), command: ["eval"], mentions: "--layers"),
        Case(source: "paper", edit: field("quanta.recipe", "classes", [Int]()), command: ["train", "--resume"], mentions: "'classes'"),
        Case(source: "paper", edit: field("quanta.recipe", "restarts", 0), command: ["eval"], mentions: "'restarts'"),
    ]

    @Test func everyEditedFieldIsNamed() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String) -> URL { dir.appendingPathComponent("\(name).safetensors") }
        let quick = ["--dataset", "digits", "--epochs", "1"]
        #expect(try QuantaBinary.run(["train", "--hidden", "16", "--save", file("mlp").path] + quick).status == 0)
        #expect(try QuantaBinary.run(["train", "--model", "cnn", "--channels", "2", "--save", file("cnn").path] + quick).status == 0)
        #expect(try QuantaBinary.run(["train", "--model", "reupload-1q", "--epochs", "1", "--save", file("paper").path]).status == 0)
        let ptq = try QuantaBinary.run(["quantize", "--checkpoint", file("mlp").path, "--method", "ptq", "--out", file("ptq").path])
        #expect(ptq.status == 0, "\(ptq.stderr)")
        for (i, c) in Self.cases.enumerated() {
            let bad = file("bad\(i)")
            try c.edit(file(c.source), bad)
            let flag = ["--resume", "--checkpoint"].contains(c.command.last) ? [] : ["--checkpoint"]
            let r = try QuantaBinary.run(c.command + flag + [bad.path])
            #expect(!r.crashed && r.status == 1, "case \(i): status \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(bad.path) && r.stderr.contains(c.mentions), "case \(i): \(r.stderr)")
        }
    }

    /// A model too large for the memory is refused before it is built, with the estimate.
    @Test func oversizedModelsAreRefusedBeforeBuilding() throws {
        let start = Date()
        let r = try QuantaBinary.run(["train", "--dataset", "digits", "--hidden", "100000,100000"])
        #expect(r.status == 1 && !r.crashed && r.stderr.contains("needs about"), "\(r.status) \(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        let budget = try QuantaBinary.run(["train", "--dataset", "digits", "--hidden", "4000,4000", "--epochs", "1"],
                                          environment: ["QUANTA_MEMORY_LIMIT": "64M"])
        #expect(budget.status == 1 && budget.stderr.contains("only 64 MiB are available"), "\(budget.stderr)")
    }

    /// Architectures are checked against the input shape instead of trapping in pooling.
    @Test func architectureGeometryIsChecked() {
        let tiny = ModelSpec(name: "cnn", inputShape: [1, 1, 1], classes: 2, seed: 0)
        #expect(throws: ModelZooError.self) { try ModelCatalog.build(tiny) }
        var lenet = tiny
        lenet.name = "lenet5"
        lenet.inputShape = [1, 12, 12]
        #expect(throws: ModelZooError.self) { try ModelCatalog.build(lenet) }
        #expect(ModelSpec(name: "mlp", inputShape: [0], classes: 2, seed: 0).problem != nil)
    }
}
