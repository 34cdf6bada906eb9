import Datasets
import Foundation
import Testing
@testable import Reproductions

/// The hybrid image classifiers of issue #16: sizes against the papers, shapes through each
/// model, the fixed circuits' outputs, and a few training steps on a small MNIST subset.
@Suite struct HybridImagePaperTests {
    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets")
    static var hasMNIST: Bool { FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("mnist").path) }

    @Test func hqnnSizes() throws {
        var config = try HQNN.ParallelConfig.defaults(dataset: nil)
        let quantum = try config.makeModel(seed: 0)
        // backbone 16·25+16 + 2·16 (BN) + 32·16·25+32 + 2·32 + 1568·120+120 + 120·20+20, circuits 4·15, head 210
        let backbone = 416 + 32 + 12_832 + 64 + 188_280 + 2_420
        #expect(quantum.parameterCount == backbone + 60 + 210)
        config.head = .classical
        #expect(try config.makeModel(seed: 0).parameterCount == backbone + 420 + 210)
        #expect(quantum(Tensor<Float>.zeros([2, 1, 28, 28])).shape == [2, 10])
        var quanv = try HQNN.QuanvConfig.defaults(dataset: nil)
        let counts = try HQNN.Front.allCases.map { front -> Int in
            quanv.front = front
            let model = try quanv.makeModel(seed: 0)
            #expect(model(Tensor<Float>.zeros([3, 1, 14, 14])).shape == [3, 10])
            return model.parameterCount
        }
        // quanvolution 4 layers · 4 qubits + 196·10 + 10; CNN1 4 + 1 + 49·10 + 10; CNN4 16 + 4 + 1970
        #expect(counts == [16 + 1970, 5 + 500, 20 + 1970])
    }

    @Test func creepLevelsKeepShapes() throws {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor<Float>.uniform([2, 1, 32, 32], low: -1, high: 1, rng: &rng)
        for level in QuantumCreep.levels {
            let model = try QuantumCreep.model(level: level, channels: 1, classes: 10, seed: 2)
            #expect(model(x).shape == [2, 10], "level \(level)")
        }
        // level 1: 15 angles per channel pair and a bias per output channel instead of 3×3 kernels
        #expect(try QuantumCreep.model(level: 1, channels: 1, classes: 10, seed: 0).parameterCount
            == (32 * 15 + 32) + (16 * 32 * 15 + 16) + 125_450)
        // level 2's complex coefficients (the default, as the reference) double its 10 blocks of 16,383
        let convs = (32 * 15 + 32) + (16 * 32 * 15 + 16)
        var config = try QuantumCreep.Config.defaults(level: 2, dataset: nil)
        #expect(try config.makeModel(seed: 0).parameterCount == convs + 327_660 + 10)
        try config.apply(ConfigOverrides(["coefficients": "real"]))
        #expect(try config.makeModel(seed: 0).parameterCount == convs + 163_830 + 10)
        // a recipe stored before the setting existed decodes with real coefficients
        let old = #"{"batchSize":200,"classes":[0,1,2,3,4,5,6,7,8,9],"dataset":"mnist","epochs":3,"learningRate":0.0005,"#
            + #""level":2,"model":"creep-2","optimizer":"adam","trainSize":20000}"#
        #expect(try JSONDecoder().decode(QuantumCreep.Config.self, from: Data(old.utf8)).coefficients == .real)
        var level1 = try QuantumCreep.Config.defaults(level: 1, dataset: nil)
        #expect(throws: ReproductionError.self) { try level1.apply(ConfigOverrides(["coefficients": "complex"])) }
    }

    /// The transfer-learning circuit has no weights and returns a probability distribution.
    @Test func transferCircuitIsADistribution() throws {
        var config = try TransferLearning.Config.defaults(dataset: nil)
        let model = try config.makeModel(seed: 0)
        let circuit = try #require(model.layers.first as? QuantumLayer<Float>)
        #expect(circuit.namedParameters.isEmpty)
        let p = circuit(Tensor<Float>(shape: [2, 5], scalars: [0, 0.5, 1, 2, 3, 3, 2, 1, 0.5, 0]))
        #expect(p.shape == [2, 32])
        #expect(abs(p.scalars[0..<32].reduce(0, +) - 1) < 1e-5 && abs(p.scalars[32...].reduce(0, +) - 1) < 1e-5)
        config.features = .latent
        #expect(try config.makeModel(seed: 0)(Tensor<Float>.zeros([2, 64])).shape == [2, 10])
    }

    @Test func qkanAndHybridCNNShapes() throws {
        let qkan = try QKANPaper.Config.defaults(dataset: nil).makeModel(seed: 0)
        #expect(qkan(Tensor<Float>.zeros([2, 1, 28, 28])).shape == [2, 10])
        var hybrid = try HybridCNN.Config.defaults(dataset: nil)
        for qubits in [4, 8] {
            hybrid.qubits = qubits
            #expect(try hybrid.makeModel(seed: 0)(Tensor<Float>.zeros([2, 1, 28, 28])).shape == [2, 10])
        }
        #expect(throws: ReproductionError.self) {
            var c = try HybridCNN.Config.defaults(dataset: nil)
            try c.apply(ConfigOverrides(["qubits": "9"]))
        }
    }

    /// qkan-regression is a paper model fitted to targets: its run reports a test mean squared
    /// error (no accuracy), its stored recipe (classes [0]: one target value) validates, and
    /// 100 L-BFGS iterations fit J₀(20x) well below the targets' variance (≈ 0.09).
    @Test func qkanRegressionIsARegressionPaperModel() throws {
        var config = try QKANRegression.Config.defaults(dataset: nil)
        #expect(config.isRegression && config.description == "qkan-regression (QKAN([1, 1]), pz, 3 reps) on j0")
        try PaperModel.validate(config)
        let (train, test) = try config.prepare(dataDir: nil, seed: 0)
        #expect(abs(Double(test.targets!.scalars[0]) - j0(20 * Double(test.features.scalars[0]))) < 1e-6)
        let (model, run) = try config.train(seed: 1701, train: train, test: test)
        #expect(model.parameterCount == 15 && run.testAccuracy.isNaN)
        let mse = try #require(run.testMeanSquaredError)
        #expect(mse < 0.05 && abs(mse - evaluateRegression(model, test).meanSquaredError) < 1e-9, "\(mse)")
        config.head = .mlp
        #expect(try config.makeModel(seed: 0).parameterCount == 16)
        config.settings.dataset = "mnist"
        #expect(throws: ReproductionError.self) { try config.prepare(dataDir: nil, seed: 0) }
    }

    /// A few epochs of the random quanvolution on 60 images lower the training loss.
    @Test(.enabled(if: hasMNIST))
    func quanvolutionTrains() throws {
        var config = try RandomQuanvolution.Config.defaults(dataset: nil)
        (config.settings.trainSize, config.settings.testSize, config.settings.epochs) = (60, 20, 4)
        let (train, test) = try config.prepare(dataDir: Self.sharedData, seed: 0)
        #expect(train.features.shape == [60, 1, 28, 28])
        let (_, run) = try config.train(seed: 1, train: train, test: test)
        #expect(run.losses.count == 4 && run.losses.last! < run.losses.first!, "\(run.losses)")
    }
}
