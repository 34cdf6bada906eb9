import Datasets
import Testing
@testable import NeuralNetworks

/// The foundation's acceptance check: an MLP and a small CNN trained through the library on
/// the embedded 8×8 digits each reach ≥ 97 % on a seeded held-out 20 % split.
@Suite struct DigitsTrainingTests {
    static func split() throws -> (train: DataSplit, test: DataSplit) {
        let digits = try DatasetRegistry.load("digits")
        var rng = RandomGenerator(seed: 0)
        let order = rng.permutation(digits.train.count)
        let testCount = digits.train.count / 5
        return (digits.train.gather(Array(order[testCount...])), digits.train.gather(Array(order[..<testCount])))
    }

    static func train(_ model: Sequential<Float>, epochs: Int) throws -> Double {
        let (train, test) = try split()
        let images = { (s: DataSplit) in s.features.reshaped([s.count, 1, 8, 8]) }
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3), batchSize: 32, seed: 0)
        for _ in 0..<epochs { try trainer.trainEpoch(LabeledData(features: images(train), labels: train.labels)) }
        return trainer.evaluate(LabeledData(features: images(test), labels: test.labels)).accuracy
    }

    @Test func mlpReaches97Percent() throws {
        let accuracy = try Self.train(Models.mlp(inputSize: 64, hidden: [128, 64], classes: 10, seed: 0), epochs: 30)
        #expect(accuracy >= 0.97, "MLP test accuracy \(accuracy)")
    }

    @Test func cnnReaches97Percent() throws {
        let accuracy = try Self.train(Models.smallCNN(imageSize: 8, classes: 10, seed: 0), epochs: 30)
        #expect(accuracy >= 0.97, "CNN test accuracy \(accuracy)")
    }

    @Test func trainingIsDeterministic() throws {
        let a = try Self.train(Models.mlp(inputSize: 64, hidden: [32], classes: 10, seed: 5), epochs: 2)
        let b = try Self.train(Models.mlp(inputSize: 64, hidden: [32], classes: 10, seed: 5), epochs: 2)
        #expect(a == b)
    }
}
