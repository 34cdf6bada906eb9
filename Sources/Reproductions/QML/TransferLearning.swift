import Datasets
import Foundation
import QML

/// Sarkar, "Quantum Transfer Learning for MNIST Classification Using a Hybrid Quantum-Classical
/// Approach" (arXiv 2408.03351; papers.md §A9): images compressed by a dense autoencoder to
/// 64 values, PCA to 5, a fixed 5-qubit circuit whose 32 basis-state probabilities feed a
/// dense classifier; the baseline classifies the 64-value latent. Model `transfer-ae`.
public enum TransferLearning {
    /// What the classifier reads.
    public enum Features: String, Codable, Sendable, CaseIterable {
        /// The 32 probabilities of the fixed circuit on the 5 PCA angles.
        case quantum
        /// The 5 PCA angles themselves (no circuit): separates the bottleneck's cost from the circuit's.
        case pca
        /// The 64-value latent itself.
        case latent
    }

    /// The fixed circuit: RY(x_i) on qubit i of 5, H on qubit 0, CNOT(i, i + 1) for i < 4;
    /// probabilities of the 32 basis states. No weights.
    public static func circuit() -> Circuit {
        var c = Encoders.angle(features: 5, axis: .y)
        c.h(0)
        for q in 0..<4 { c.cx(q, q + 1) }
        return c
    }

    /// The dense classifier on `inputs` features: 64 BatchNorm ReLU Dropout 0.2, 32 BatchNorm
    /// ReLU Dropout 0.2, classes.
    static func classifier(inputs: Int, classes: Int, rng: inout RandomGenerator, seed: UInt64) -> [any Layer<Float>] {
        [
            Linear<Float>(inputs, 64, rng: &rng), BatchNorm<Float>.oneD(64), Activation<Float>(.relu), Dropout<Float>(0.2, seed: seed),
            Linear<Float>(64, 32, rng: &rng), BatchNorm<Float>.oneD(32), Activation<Float>(.relu), Dropout<Float>(0.2, seed: seed &+ 1),
            Linear<Float>(32, classes, rng: &rng),
        ]
    }

    /// The dense autoencoder 784 → 256 ReLU → 64 → 256 ReLU → 784 sigmoid, trained on `images`
    /// ([N, 784] in [0, 1]) with the mean squared error, Adam lr 1e-3, batch 256; returns the
    /// encoder (the first three layers).
    static func encoder(_ images: Tensor<Float>, epochs: Int, seed: UInt64) throws -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let encoder = Sequential<Float>([Linear<Float>(784, 256, rng: &rng), Activation<Float>(.relu), Linear<Float>(256, 64, rng: &rng)])
        let decoder = Sequential<Float>([Linear<Float>(64, 256, rng: &rng), Activation<Float>(.relu), Linear<Float>(256, 784, rng: &rng),
                                         Activation<Float>(.sigmoid)])
        let autoencoder = Sequential<Float>([encoder, decoder])
        let trainer = Trainer(model: autoencoder, optimizer: Adam(autoencoder.parameters, learningRate: 1e-3), batchSize: 256, seed: seed)
        trainer.loss = .meanSquaredError()
        _ = try trainer.fit(LabeledData(features: images, targets: images), options: FitOptions(epochs: epochs))
        encoder.isTraining = false
        return encoder
    }

    /// `quanta train --model transfer-ae`.
    public struct Config: PaperConfiguration, Equatable {
        public struct Own: Codable, Equatable, Sendable {
            public var features: Features
            /// Epochs of the autoencoder.
            public var autoencoderEpochs: Int
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// Full MNIST, autoencoder 5 epochs, classifier Adam lr 1e-3, batch 128, 10 epochs.
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.imageSet(dataset, model: "transfer-ae")
            let s = ClassifierSettings(model: "transfer-ae", dataset: name, classes: Array(0..<10), trainSize: nil, testSize: nil,
                                       epochs: 10, batchSize: 128, learningRate: 1e-3, optimizer: .adam)
            return Config(settings: s, own: Own(features: .quantum, autoencoderEpochs: 5))
        }

        public static let options = [
            ConfigOption("features", "NAME", Features.allCases.map(\.rawValue).joined(separator: "|")
                + ": circuit probabilities of 5 PCA angles, the angles, or the 64-value latent"),
            ConfigOption("autoencoder-epochs", "N", "epochs of the autoencoder"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.features = try o.choice("features", own.features)
            own.autoencoderEpochs = try o.int("autoencoder-epochs", own.autoencoderEpochs, in: 1...1000)
        }

        public var shapeText: String {
            switch own.features {
            case .quantum: "AE 64 → PCA 5 → 5-qubit circuit → dense"
            case .pca: "AE 64 → PCA 5 → dense"
            case .latent: "AE 64 → dense"
            }
        }

        /// Quantum: the fixed circuit (probabilities of all 32 states, no weights) then the
        /// classifier on 32 inputs; pca: the classifier on 5; latent: on 64.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            var rng = RandomGenerator(seed: seed)
            let classes = settings.classes.count
            switch own.features {
            case .quantum:
                let readout = QuantumReadout.basisStates(qubits: Array(0..<5), states: Array(0..<32))
                let engine = try StateVectorEngine(circuit(), readout: readout)
                let layer = try QuantumLayer<Float>(engine: engine, weights: Tensor(shape: [0], scalars: []), trainable: false)
                return Sequential([layer] + classifier(inputs: 32, classes: classes, rng: &rng, seed: seed))
            case .pca:
                return Sequential(classifier(inputs: 5, classes: classes, rng: &rng, seed: seed))
            case .latent:
                return Sequential(classifier(inputs: 64, classes: classes, rng: &rng, seed: seed))
            }
        }

        /// The autoencoder trained on the training images (seeded), the latents of both parts;
        /// for the quantum features, their 5 PCA components scaled to [0, π] by the training range.
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            let (train, test) = try ClassifierData.select(settings, dataDir: dataDir, seed: seed)
            let flat = { (s: DataSplit) in ImageTransforms.flatten(s.features) }
            let encoder = try TransferLearning.encoder(flat(train), epochs: own.autoencoderEpochs, seed: seed &+ 77)
            let a = DataSplit(features: encoder(flat(train)), labels: train.labels)
            let b = DataSplit(features: encoder(flat(test)), labels: test.labels)
            guard own.features != .latent else {
                return (LabeledData(features: a.features, labels: a.labels), LabeledData(features: b.features, labels: b.labels))
            }
            return try ClassifierData.pcaAngles(a, b, components: 5)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension TransferLearning {
    static let gapNote = "The ablation row classifies the 5 PCA values without the circuit: the gap to the latent row is the "
        + "5-value bottleneck's; the circuit (no weights, a fixed map of the 5 angles) can add nothing the angles lack."
}

extension PaperModel {
    static let transferLearning = PaperModel(
        TransferLearning.Config.self, name: "transfer-ae",
        summary: "Sarkar transfer learning: autoencoder 64, PCA 5, fixed 5-qubit circuit, dense classifier (or the latent)",
        datasets: ["mnist", "fashion-mnist"], options: TransferLearning.Config.options,
        defaults: { try TransferLearning.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let transferLearning = Reproduction(
        name: "transfer-learning",
        paper: PaperReference(title: "Quantum Transfer Learning for MNIST Classification Using a Hybrid Quantum-Classical Approach",
                              arxiv: "2408.03351", citation: "Sarkar 2024"),
        summary: "classifier on a fixed 5-qubit circuit's probabilities of 5 PCA components of an autoencoder latent, beside the latent itself",
        quickForm: "20,000/2,000 images, 1 seed",
        datasets: ["mnist"], seeds: (full: 3, quick: 1)
    ) { context in
        let reported: [TransferLearning.Features: Reported] = [
            .quantum: Reported("≈ 75 %", value: 75, source: "abstract v2"),
            .pca: Reported("—", source: "not in the paper"),
            .latent: Reported("≈ 98 %", value: 98, source: "abstract v2"),
        ]
        var runs: [RowRun] = []
        for features in TransferLearning.Features.allCases {
            var config = try TransferLearning.Config.defaults(dataset: "mnist")
            config.features = features
            if context.quick {
                (config.settings.trainSize, config.settings.testSize) = (20_000, 2000)
            }
            let label = ["hybrid: PCA 5 → circuit → dense", "ablation: PCA 5 → dense", "classical: latent 64 → dense"]
            runs.append(try context.classifierRow(label[TransferLearning.Features.allCases.firstIndex(of: features)!], config,
                                                  reported: reported[features]!))
        }
        return ReproductionResult(rows: runs.map(\.row), plots: [ReproductionResult.curves(runs, title: "Transfer learning, MNIST")],
                                  notes: [TransferLearning.gapNote])
    }
}
