import Foundation
import Quanta

/// `quanta demo`: the README's main job — train the default models on the embedded digits
/// data and print their test accuracies.
struct DemoCommand: Command {
    let name = "demo"
    let summary = "train an MLP and a small CNN on the embedded 8×8 digits and print test accuracy"
    var help: String {
        """
        Usage: quanta demo [--epochs N] [--seed S] [--threads T] [--data-dir DIR] [--json]

        Trains two models on the embedded scikit-learn digits set (1,797 8×8 images, 10 classes),
        a seeded 80/20 train/test split, Adam with batch 32:
          mlp   64 → 128 → 64 → 10
          cnn   conv3×3(16) → conv3×3(32) → maxpool 2 → 128 → 10
        and prints each model's test accuracy.

        Options:
          --epochs N      epochs per model (default 30)
          --seed S        seed for the split, initialisation and shuffling (default 0)
          --threads T     threads for BLAS and kernels (default 1)
          --data-dir DIR  data root holding digits/ (default: the embedded copy)
          --json          end with one JSON line {"mlp_test_accuracy":…, "cnn_test_accuracy":…}
        """
    }

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: ["epochs", "seed", "threads", "data-dir"], flagOptions: ["json"])
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let epochs = try args.int("epochs", default: 30, in: 1...10_000)
        let seed = try args.seed()
        Threading.setThreads(try args.int("threads", default: 1, in: 1...256))
        let data = try DatasetRegistry.load("digits", dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) })
        let (train, test) = data.train.seededSplit(testFraction: 0.2, seed: seed)
        let images = { (split: DataSplit) in split.features.reshaped([split.count, 1, 8, 8]) }
        io.err("digits: \(train.count) train / \(test.count) test samples, \(epochs) epochs")

        var results: [(String, Double)] = []
        for (label, model) in [("mlp", Models.mlp(inputSize: 64, hidden: [128, 64], classes: 10, seed: seed) as Sequential<Float>),
                               ("cnn", Models.smallCNN(imageSize: 8, classes: 10, seed: seed))] {
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3), batchSize: 32, seed: seed)
            let start = Date()
            for _ in 0..<epochs { try trainer.trainEpoch(LabeledData(features: images(train), labels: train.labels)) }
            let metrics = trainer.evaluate(LabeledData(features: images(test), labels: test.labels))
            results.append((label, metrics.accuracy))
            io.out(String(format: "%@  parameters %d  test accuracy %.2f%%  (%.1f s)", label, model.parameterCount,
                          100 * metrics.accuracy, Date().timeIntervalSince(start)))
        }
        if args.flag("json") {
            io.out("{" + results.map { "\"\($0.0)_test_accuracy\":\($0.1)" }.joined(separator: ",") + "}")
        }
        return 0
    }
}

extension DataSplit {
    /// A seeded random split into (train, test) with `testFraction` of the samples in test.
    func seededSplit(testFraction: Double, seed: UInt64) -> (DataSplit, DataSplit) {
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(count)
        let testCount = Int((Double(count) * testFraction).rounded())
        return (gather(Array(order[testCount...])), gather(Array(order[..<testCount])))
    }
}
