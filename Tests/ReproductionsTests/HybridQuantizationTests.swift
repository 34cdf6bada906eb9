import Datasets
import Foundation
import Testing
@testable import Reproductions

/// Quantizing hybrid models: the classical stretches become integer models, the circuits stay
/// float, and int8 PTQ of a trained hybrid costs at most half a point of accuracy.
@Suite struct HybridQuantizationTests {
    /// The embedded digits as [N, 1, 8, 8], a seeded 80/20 split, and all 1,797 images.
    static func digits() throws -> (train: LabeledData, test: LabeledData, all: LabeledData) {
        let data = try DatasetRegistry.load("digits").train
        var rng = RandomGenerator(seed: 0)
        let order = rng.permutation(data.count)
        let cut = data.count / 5
        let part = { (indices: ArraySlice<Int>) -> LabeledData in
            let s = data.gather(Array(indices))
            return LabeledData(features: s.features.reshaped([s.count, 1, 8, 8]), labels: s.labels)
        }
        return (part(order[cut...]), part(order[..<cut]), part(order[...]))
    }

    /// conv 1→16 ReLU pool, flatten, 256→6 tanh, 6-qubit circuit, 6→10.
    static func hybrid(seed: UInt64) throws -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let circuit = Encoders.angle(features: 6, axis: .y, scale: .pi) + Templates.stronglyEntangling(qubits: 6, layers: 2)
        let readout = QuantumReadout.expectations((0..<6).map { Observable.z($0) })
        return Sequential([
            Conv2D<Float>(1, 16, kernelSize: 3, padding: 1, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Flatten<Float>(), Linear<Float>(256, 6, rng: &rng), Activation<Float>(.tanh),
            try QuantumLayer<Float>(circuit, readout: readout, seed: seed), Linear<Float>(6, 10, rng: &rng),
        ])
    }

    @Test func segmentsSplitAroundCircuits() throws {
        let layout = try HybridQuantization.postTraining(Self.hybrid(seed: 1), PostTrainingQuantization(),
                                                         calibration: [.zeros([2, 1, 8, 8])]).layout
        #expect(layout == ["integer 0…4", "float 5 (Activation<Float>)", "float 6 (QuantumLayer<Float>)", "integer 7"])
        let hqnn = try HQNN.ParallelConfig.defaults(dataset: nil).makeModel(seed: 0)
        let names = HybridQuantization.segments(hqnn).map { segment -> String in
            switch segment {
            case .integer(let name, _): "integer \(name)"
            case .float(let name, _): "float \(name)"
            }
        }
        #expect(names == ["integer 0…12", "float 13", "integer 14"])
    }

    @Test func ptqOfATrainedHybridLosesAtMostHalfAPointAndQATConverts() throws {
        let (train, test, all) = try Self.digits()
        let model = try Self.hybrid(seed: 3)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 64, seed: 4)
        try trainer.fit(train, options: FitOptions(epochs: 50))
        model.isTraining = false
        #expect(evaluate(model, test).metrics.accuracy > 0.9)
        // the loss to quantization, over all 1,797 images (0.5 points = 9 images; the 359 test
        // images alone resolve it only to 0.28 points)
        let float = evaluate(model, all).metrics.accuracy
        let calibration = Calibration.batches(train.features, count: 8, seed: 5)
        let quantized = try HybridQuantization.postTraining(model, PostTrainingQuantization(), calibration: calibration)
        let int8 = evaluate(all, logits: quantized.predict).metrics.accuracy
        #expect(float - int8 <= 0.005, "float \(float), int8 \(int8)")
        #expect(quantized.integerParts.count == 2)
        // QAT fine-tunes the circuit with the fake-quantized stretches and converts the same way
        let qat = try HybridQuantizationAwareTraining(model, weightScheme: .int8PerChannel)
        let tuned = try qat.fineTune(features: train.features, labels: train.labels, epochs: 1, learningRate: 1e-3, seed: 6)
        let qatAccuracy = evaluate(all, logits: tuned.predict).metrics.accuracy
        #expect(float - qatAccuracy <= 0.01, "float \(float), QAT int8 \(qatAccuracy)")
        #expect(tuned.layout == quantized.layout)
    }
}
