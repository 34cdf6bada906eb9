import Foundation
import Testing
@testable import Reproductions

/// Ren et al.'s classifier: its size, its input gradient through amplitude encoding, and a few
/// steps of adversarial training.
@Suite struct QuantumAdversarialTests {
    @Test func circuitSizes() throws {
        let c = try QuantumAdversarial.circuit(qubits: 8, layers: 10)
        #expect(c.weightCount == 240 && c.inputCount == 256 && c.qubits == 8)
        let config = try QuantumAdversarial.Config.defaults(dataset: nil)
        #expect(config.side == 16 && config.settings.classes == [3, 6])
        var wide = config
        try wide.apply(ConfigOverrides(["qubits": "10"]))
        #expect(wide.side == 32)
        #expect(throws: ReproductionError.self) { try wide.apply(ConfigOverrides(["qubits": "9"])) }
    }

    @Test func inputGradientsThroughAmplitudeEncodingMatchFiniteDifferences() throws {
        let layer = try QuantumLayer<Double>(try QuantumAdversarial.circuit(qubits: 4, layers: 2), seed: 3)
        var rng = RandomGenerator(seed: 5)
        let x = Tensor<Double>.uniform([2, 16], low: 0.1, high: 1, rng: &rng)
        let result = gradcheck([x], parameters: [layer.weights], tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
    }

    @Test func adversarialTrainingRunsThroughThePaperTrainer() throws {
        var config = try QuantumAdversarial.Config.defaults(dataset: nil)
        try config.apply(ConfigOverrides(["qubits": "8", "layers": "2", "adversarial": "fgsm:0.1"]))
        #expect(config.settings.adversarial == "fgsm:0.1")
        var rng = RandomGenerator(seed: 1)
        let x = Tensor<Float>.uniform([16, 256], rng: &rng)
        let data = LabeledData(features: x, labels: (0..<16).map { $0 % 2 })
        config.settings.epochs = 1
        config.settings.batchSize = 8
        let (_, run) = try config.train(seed: 0, train: data, test: data)
        #expect(run.losses.count == 1 && run.losses[0].isFinite)
    }
}

/// The QCAE autoencoders: shapes, sizes (the classical twin within a few parameters), noise.
@Suite struct QCAETests {
    @Test func autoencodersMapNoisyImagesToPixels() throws {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor<Float>.uniform([3, 1, 28, 28], rng: &rng)
        var sizes: [QCAE.Latent: Int] = [:]
        for kind in QCAE.Latent.allCases {
            let model = try QCAE.model(kind, seed: 2)
            let y = model(x)
            #expect(y.shape == [3, 784] && y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
            sizes[kind] = model.parameterCount
        }
        // QAOA p = 2 adds 4 circuit angles to the plain autoencoder.
        #expect(sizes[.qaoa]! - sizes[.classical]! == 4)
    }

    @Test func noiseIsSeededClippedAndTheTargetsStayClean() {
        let clean = DataSplit(features: Tensor(shape: [2, 1, 28, 28], scalars: (0..<(2 * 784)).map { Float($0 % 7) / 7 }), labels: [0, 1])
        let a = QCAE.noisy(clean, sigma: 0.5, seed: 3), b = QCAE.noisy(clean, sigma: 0.5, seed: 3)
        #expect(a.features == b.features && a.features.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(a.targets!.shape == [2, 784] && a.targets!.scalars == clean.features.scalars)
        #expect(a.features != clean.features)
    }
}

/// The QVF reproduction's models: equal sizes, the width formula, a short fit that learns.
@Suite struct QVFPaperTests {
    @Test func pairsHaveEqualSizesAndTheWidthFormulaCounts() throws {
        for n in [6, 8] {
            let (qvf, siren) = try QVFPaper.pair(qubits: n, width: QVFPaper.width, seed: 1)
            #expect(abs(qvf.parameterCount - siren.parameterCount) <= qvf.parameterCount / 50)
        }
        for n in 2...6 {
            let w = QVFPaper.trunkWidth(qubits: n, budget: 1024)
            let model: Sequential<Float> = try QuantumVisualField.model(width: w, hidden: QVFPaper.hidden, qubits: n,
                                                                        layers: QVFPaper.circuitLayers, seed: 1)
            #expect(abs(model.parameterCount - 1024) < 1024 / 8, "\(n) qubits, width \(w): \(model.parameterCount)")
        }
    }

    @Test func aShortFitLowersTheErrorOfBothModels() throws {
        let field = ImageField(image: try SampleImages.image("camera", side: 16))
        let (qvf, siren) = try QVFPaper.pair(qubits: 4, width: 8, seed: 3)
        for model in [qvf, siren] {
            let fit = QVFPaper.fit(model, field, steps: 60)
            #expect(fit.losses.last! < fit.losses.first! / 3)
            #expect(fit.rendered.count == 256 && fit.psnr > 10)
        }
    }
}
