import Datasets
import Foundation
import QML

/// Henderson, Shakya, Pradhan & Cook, "Quanvolutional neural networks" (arXiv 1904.04767;
/// papers.md §A7d), in the form of PennyLane's quanvolution demo: a fixed random circuit on
/// every 2×2 patch (stride 2) of an MNIST image, 4 output channels, and a dense classifier on
/// the quanvolved images beside the same classifier on the raw pixels. Model `quanvolution`.
public enum RandomQuanvolution {
    /// What the dense classifier reads.
    public enum Front: String, Codable, Sendable, CaseIterable {
        /// The 14×14×4 quanvolved image: RY(π·x) on 4 qubits, one random layer (4 rotations of
        /// random axes and qubits with CNOTs between, as PennyLane's `RandomLayers`; fixed angles
        /// from U[0, 2π)), ⟨Z⟩ of each qubit.
        case quantum
        /// The 28×28 pixels.
        case pixels
    }

    /// `quanta train --model quanvolution`.
    public struct Config: PaperConfiguration, Equatable {
        public struct Own: Codable, Equatable, Sendable {
            public var front: Front
            /// Random layers of the fixed circuit.
            public var layers: Int
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// The demo's 50 training and 30 test images, 30 epochs of Adam (Keras's lr 1e-3), batch 4.
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.imageSet(dataset, model: "quanvolution")
            let s = ClassifierSettings(model: "quanvolution", dataset: name, classes: Array(0..<10), trainSize: 50,
                                       testSize: 30, epochs: 30, batchSize: 4, learningRate: 1e-3, optimizer: .adam)
            return Config(settings: s, own: Own(front: .quantum, layers: 1))
        }

        public static let options = [
            ConfigOption("front", "NAME", Front.allCases.map(\.rawValue).joined(separator: "|") + ": quanvolved images or raw pixels"),
            ConfigOption("layers", "N", "random layers of the fixed circuit"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.front = try o.choice("front", own.front)
            own.layers = try o.int("layers", own.layers, in: 1...50)
        }

        public var shapeText: String {
            own.front == .quantum ? "random 2×2 quanvolution, \(own.layers) layer(s), 4 channels → dense" : "raw pixels → dense"
        }

        /// The fixed quanvolution (a buffer, drawn from `seed`) or nothing, then flatten and a
        /// 784→classes dense layer (softmax in the loss).
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            var rng = RandomGenerator(seed: seed)
            var layers: [any Layer<Float>] = []
            if own.front == .quantum {
                layers.append(try Quanvolution<Float>(kernel: 2, stride: 2, encoding: .y, layers: own.layers,
                                                      ansatz: .randomLayers, trainable: false, seed: seed &+ 1))
            }
            layers += [Flatten<Float>(), Linear<Float>(784, settings.classes.count, rng: &rng)]
            return Sequential(layers)
        }

        /// Pixels in [0, 1], [N, 1, 28, 28].
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            try ClassifierData.images(settings, dataDir: dataDir, seed: seed)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension PaperModel {
    static let quanvolution = PaperModel(
        RandomQuanvolution.Config.self, name: "quanvolution",
        summary: "Henderson et al. random quanvolution (PennyLane demo): fixed 2×2 circuit, 4 channels, dense classifier",
        datasets: ["mnist", "fashion-mnist"], options: RandomQuanvolution.Config.options,
        defaults: { try RandomQuanvolution.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let quanvolution = Reproduction(
        name: "quanvolution",
        paper: PaperReference(title: "Quanvolutional neural networks: powering image recognition with quantum circuits",
                              arxiv: "1904.04767", citation: "Henderson, Shakya, Pradhan & Cook 2020"),
        summary: "a dense classifier on randomly quanvolved MNIST images beside the same classifier on raw pixels",
        quickForm: "the demo's 50/30 images with 3 seeds, the 1,000/500 rows with 1",
        datasets: ["mnist"]
    ) { context in
        var runs: [RowRun] = []
        let sizes = [(50, 30, 30), (1000, 500, 15)]
        for (train, test, epochs) in sizes {
            for front in RandomQuanvolution.Front.allCases {
                var config = try RandomQuanvolution.Config.defaults(dataset: "mnist")
                config.front = front
                (config.settings.trainSize, config.settings.testSize, config.settings.epochs) = (train, test, epochs)
                if train > 50 { config.settings.batchSize = 32 }
                let reported = Reported("quantum ≈ or slightly above pixels", source: "PennyLane demo plots (digest, inferred)")
                let seeds = context.quick ? (train == 50 ? 3 : 1) : 5
                runs.append(try context.classifierRow("\(front.rawValue), \(train)/\(test) images, \(epochs) epochs", config,
                                                      reported: reported, seeds: seeds))
            }
        }
        return ReproductionResult(rows: runs.map(\.row), plots: [ReproductionResult.curves(runs, title: "Random quanvolution")],
                                  notes: ["The random layer's structure comes from Quanta's generator, so it is a different draw from "
                                          + "PennyLane's seed-0 circuit; the demo itself compares on 50/30 images, too few for a stable ranking."])
    }
}
