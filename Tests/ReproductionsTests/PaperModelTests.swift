import Foundation
import Testing
@testable import Reproductions

/// The paper models: circuit sizes against the papers, stored configurations (today's and
/// the flat recipes earlier versions wrote), checkpoints that reload.
@Suite struct PaperModelTests {
    @Test func circuitSizesMatchThePapers() throws {
        #expect(try HamiltonianEmbedding.circuit(qubits: 3, layers: 15).weightCount == 240)
        #expect(try HamiltonianEmbedding.circuit(qubits: 5, layers: 10).weightCount == 10_240)
        #expect(try PennyLaneQCNN.circuit(qubits: 6, features: 64).weightCount == 18 + 63)
        #expect(try PennyLaneQCNN.circuit(qubits: 10, features: 1024).weightCount == 36 + 63)
        #expect(try HurQCNN.circuit().weightCount == 51)
        #expect(try ReuploadingQubit.circuit(layers: 4).weightCount == 20)
        #expect(throws: QMLError.self) { try HamiltonianEmbedding.circuit(qubits: 7, layers: 1) }
    }

    @Test func everyModelRoundTripsItsConfiguration() throws {
        for entry in Reproductions.models {
            var overrides = ["epochs": "7"]
            if entry.options.contains(where: { $0.name == "layers" }) { overrides["layers"] = "3" }
            let experiment = try entry.configure(dataset: nil, overrides: ConfigOverrides(overrides))
            #expect(experiment.settings.epochs == 7 && experiment.settings.model == entry.name)
            let json = String(decoding: try experiment.encoded(), as: UTF8.self)
            let back = try PaperModel.stored(in: [PaperModel.metadataKey: json])
            #expect(String(decoding: try back.encoded(), as: UTF8.self) == json, "\(entry.name)")
        }
    }

    /// Checkpoints written before the Reproductions module hold PaperRecipe's flat JSON; they
    /// still decode, with the defaults they were trained under for fields added later.
    @Test func recipesOfEarlierVersionsDecode() throws {
        let old = #"{"model":"hamemb","dataset":"digits","qubits":3,"layers":15,"classes":[0,1,2,3,4,5,6,7],"trainSize":1200,"#
            + #""testSize":100,"epochs":500,"batchSize":2000,"learningRate":0.1,"optimizer":"adam"}"#
        let decoded = try PaperModel.stored(in: [PaperModel.metadataKey: old])
        let config = try #require(decoded as? HamiltonianEmbedding.Config)
        #expect(config == (try HamiltonianEmbedding.Config.defaults(dataset: "digits")))
        let circle = #"{"model":"reupload-1q","dataset":"circle","qubits":1,"layers":4,"classes":[0,1],"trainSize":200,"#
            + #""testSize":4000,"epochs":1000,"batchSize":200,"learningRate":0.05,"optimizer":"lbfgs","restarts":30,"restartEpochs":1000}"#
        let reupload = try #require(try PaperModel.stored(in: [PaperModel.metadataKey: circle]) as? ReuploadingQubit.Config)
        #expect(reupload.cost == .fidelity && reupload.settings.restarts == 30)
        for broken in [#"{"model":"hamemb","dataset":"digits"}"#, #"{"model":"nope"}"#, "not json"] {
            #expect(throws: ReproductionError.self) { try PaperModel.stored(in: [PaperModel.metadataKey: broken]) }
        }
    }

    @Test func settingsAreCheckedWhereTheyAreGiven() throws {
        let hamemb = try #require(Reproductions.model(named: "hamemb"))
        for bad in [["qubits": "9"], ["optimizer": "sgd"], ["lr": "-1"], ["layers": "x"]] {
            #expect(throws: ReproductionError.self) { try hamemb.configure(dataset: nil, overrides: ConfigOverrides(bad)) }
        }
        #expect(throws: ReproductionError.self) { try hamemb.configure(dataset: "iris") }
        let qcnn = try #require(Reproductions.model(named: "qcnn"))
        #expect(throws: ReproductionError.self) { try qcnn.configure(dataset: nil, overrides: ConfigOverrides(["qubits": "5"])) }
    }

    @Test func checkpointRoundTrip() throws {
        let config = try HamiltonianEmbedding.Config.defaults(dataset: "digits")
        let a = try config.makeModel(seed: 1)
        let b = try config.makeModel(seed: 2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qml-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: a, to: url)
        try Checkpoint.load(into: b, from: url)
        let x = Tensor<Float>(shape: [2, 64], scalars: (0..<128).map { Float($0 % 17) / 16 })
        #expect(a(x) == b(x))
    }

    /// The digits data as HamEmb takes it: 1200/100 samples of classes 0-7, 8×8 pixels in [0, 1].
    @Test func hamEmbDigitsData() throws {
        let config = try HamiltonianEmbedding.Config.defaults(dataset: "digits")
        let (train, test) = try config.prepare(dataDir: nil, seed: 0)
        #expect(train.count == 1200 && test.count == 100)
        #expect(train.features.shape == [1200, 64])
        #expect(train.features.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Set(train.labels) == Set(0..<8))
    }
}
