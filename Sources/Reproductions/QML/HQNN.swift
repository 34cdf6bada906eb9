import Datasets
import Foundation
import QML

/// Senokosov, Sedykh, Sagingalieva, Kyriacou & Melnikov, "Quantum machine learning for image
/// classification" (arXiv 2304.09224; papers.md §A3). Models `hqnn-parallel` and `hqnn-quanv`.
/// The paper has no public code; the shapes follow the re-implementation the digest read.
public enum HQNN {
    /// The CNN backbone to 20 features: conv 1→16 5×5 pad 2, BatchNorm, ReLU, max pool 2,
    /// conv 16→32 5×5 pad 2, BatchNorm, ReLU, max pool 2, flatten 32·7·7 = 1568, 1568→120 ReLU,
    /// 120→20 ReLU. Input [N, 1, 28, 28].
    static func backbone(_ rng: inout RandomGenerator) -> [any Layer<Float>] {
        [
            Conv2D<Float>(1, 16, kernelSize: 5, padding: 2, rng: &rng), BatchNorm<Float>.twoD(16), Activation<Float>(.relu),
            MaxPool2D<Float>(kernelSize: 2),
            Conv2D<Float>(16, 32, kernelSize: 5, padding: 2, rng: &rng), BatchNorm<Float>.twoD(32), Activation<Float>(.relu),
            MaxPool2D<Float>(kernelSize: 2), Flatten<Float>(),
            Linear<Float>(1568, 120, rng: &rng), Activation<Float>(.relu),
            Linear<Float>(120, 20, rng: &rng), Activation<Float>(.relu),
        ]
    }

    /// One of the four circuits: RX(x_i) on qubit i of 5, `layers` basic-entangler layers
    /// (RX(w) on every qubit, CNOT ring), ⟨Z_i⟩ of every qubit.
    public static func circuit(layers: Int) -> Circuit {
        Encoders.angle(features: 5, axis: .x) + Templates.basicEntangler(qubits: 5, layers: layers)
    }

    /// The quantum block: four 5-qubit circuits side by side, each on its own 5 of the 20
    /// features, weights U[0, 2π) from `seed` (PennyLane's TorchLayer initialisation).
    public static func parallelCircuits(layers: Int, seed: UInt64) throws -> Parallel<Float> {
        let readout = QuantumReadout.expectations((0..<5).map { Observable.z($0) })
        let branches: [any Layer<Float>] = try (0..<4).map { b in
            try QuantumLayer<Float>(circuit(layers: layers), readout: readout, seed: seed &+ UInt64(b))
        }
        return Parallel(branches, input: .slices([5, 5, 5, 5]))
    }

    /// What sits between the backbone's 20 features and the 20→10 output layer.
    public enum Head: String, Codable, Sendable, CaseIterable {
        /// Four parallel 5-qubit circuits (HQNN-Parallel).
        case quantum
        /// The classical counterpart: a 20→20 linear layer with tanh (the circuits' outputs lie
        /// in [−1, 1] too).
        case classical
    }

    /// `quanta train --model hqnn-parallel`.
    public struct ParallelConfig: PaperConfiguration, Equatable {
        public struct Own: Codable, Equatable, Sendable {
            /// Basic-entangler layers per circuit.
            public var layers: Int
            public var head: Head
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// Full MNIST (60,000 / 10,000), 3 layers, Adam lr 1e-3 cosine-decayed, batch 64, 8 epochs
        /// (the re-implementation: SGD lr 1e-3 momentum 0.9, batch 4, 10 epochs on 48,000 images).
        public static func defaults(dataset: String?) throws -> ParallelConfig {
            let name = try ClassifierData.imageSet(dataset, model: "hqnn-parallel")
            let s = ClassifierSettings(model: "hqnn-parallel", dataset: name, classes: Array(0..<10), trainSize: nil,
                                       testSize: nil, epochs: 8, batchSize: 64, learningRate: 1e-3, optimizer: .adamCosine)
            return ParallelConfig(settings: s, own: Own(layers: 3, head: .quantum))
        }

        public static let options = [
            ConfigOption("layers", "N", "basic-entangler layers per circuit"),
            ConfigOption("head", "NAME", Head.allCases.map(\.rawValue).joined(separator: "|") + ": four circuits or their classical counterpart"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.layers = try o.int("layers", own.layers, in: 1...50)
            own.head = try o.choice("head", own.head)
        }

        public var shapeText: String {
            own.head == .quantum ? "CNN → 4 × 5 qubits, \(own.layers) layers" : "CNN → classical 20→20 head"
        }

        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            var rng = RandomGenerator(seed: seed)
            var layers = backbone(&rng)
            if own.head == .quantum {
                layers.append(try parallelCircuits(layers: own.layers, seed: seed &+ 1))
            } else {
                layers += [Linear<Float>(20, 20, rng: &rng), Activation<Float>(.tanh)]
            }
            layers.append(Linear<Float>(20, settings.classes.count, rng: &rng))
            return Sequential(layers)
        }

        /// Pixels in [0, 1], [N, 1, 28, 28].
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            try ClassifierData.images(settings, dataDir: dataDir, seed: seed)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }

    /// The first layer of HQNN-Quanv and of its comparators.
    public enum Front: String, Codable, Sendable, CaseIterable {
        /// A trainable 4-qubit quanvolution, 2×2 stride 2, RX(π·x), ⟨Z⟩ per qubit: 4 channels.
        case quanv
        /// A 2×2 stride-2 convolution with one output channel (CNN1).
        case cnn1
        /// The same with four output channels (CNN4).
        case cnn4
    }

    /// `quanta train --model hqnn-quanv`.
    public struct QuanvConfig: PaperConfiguration, Equatable {
        public struct Own: Codable, Equatable, Sendable {
            /// Basic-entangler layers of the quanvolution.
            public var layers: Int
            public var front: Front
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// MNIST resized to 14×14, the re-implementation's 500 train / 100 test images, 4 layers,
        /// Adam lr 0.003, batch 16, 20 epochs.
        public static func defaults(dataset: String?) throws -> QuanvConfig {
            let name = try ClassifierData.imageSet(dataset, model: "hqnn-quanv")
            let s = ClassifierSettings(model: "hqnn-quanv", dataset: name, classes: Array(0..<10), trainSize: 500,
                                       testSize: 100, epochs: 20, batchSize: 16, learningRate: 0.003, optimizer: .adam)
            return QuanvConfig(settings: s, own: Own(layers: 4, front: .quanv))
        }

        public static let options = [
            ConfigOption("layers", "N", "basic-entangler layers of the quanvolution"),
            ConfigOption("front", "NAME", Front.allCases.map(\.rawValue).joined(separator: "|") + ": quanvolution or a 1- or 4-channel convolution"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.layers = try o.int("layers", own.layers, in: 1...50)
            own.front = try o.choice("front", own.front)
        }

        public var shapeText: String {
            switch own.front {
            case .quanv: "14×14, 2×2 quanvolution, 4 qubits, \(own.layers) layers"
            case .cnn1: "14×14, 2×2 convolution, 1 channel"
            case .cnn4: "14×14, 2×2 convolution, 4 channels"
            }
        }

        /// The front, flatten, a linear layer from its 7×7 maps to the classes.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            var rng = RandomGenerator(seed: seed)
            let front: any Layer<Float>
            let channels: Int
            switch own.front {
            case .quanv:
                front = try Quanvolution<Float>(kernel: 2, stride: 2, encoding: .x, layers: own.layers, seed: seed &+ 1)
                channels = 4
            case .cnn1, .cnn4:
                channels = own.front == .cnn1 ? 1 : 4
                front = Conv2D<Float>(1, channels, kernelSize: 2, stride: 2, rng: &rng)
            }
            return Sequential([front, Flatten<Float>(), Linear<Float>(channels * 49, settings.classes.count, rng: &rng)])
        }

        /// Images resized to 14×14 (area averaging), pixels in [0, 1].
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            let (train, test) = try ClassifierData.select(settings, dataDir: dataDir, seed: seed)
            func small(_ s: DataSplit) -> LabeledData {
                LabeledData(features: ImageTransforms.resize(s.features, height: 14, width: 14, method: .area), labels: s.labels)
            }
            return (small(train), small(test))
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension PaperModel {
    static let hqnnParallel = PaperModel(
        HQNN.ParallelConfig.self, name: "hqnn-parallel",
        summary: "Senokosov et al. HQNN-Parallel: CNN to 20 features, four 5-qubit circuits, 20→10",
        datasets: ["mnist", "fashion-mnist"], options: HQNN.ParallelConfig.options,
        defaults: { try HQNN.ParallelConfig.defaults(dataset: $0) })

    static let hqnnQuanv = PaperModel(
        HQNN.QuanvConfig.self, name: "hqnn-quanv",
        summary: "Senokosov et al. HQNN-Quanv: 14×14 MNIST, trainable 2×2 quanvolution (or CNN1/CNN4), 196→10",
        datasets: ["mnist", "fashion-mnist"], options: HQNN.QuanvConfig.options,
        defaults: { try HQNN.QuanvConfig.defaults(dataset: $0) })
}

extension Reproduction {
    static let hqnn = Reproduction(
        name: "hqnn",
        paper: PaperReference(title: "Quantum machine learning for image classification", arxiv: "2304.09224",
                              citation: "Senokosov, Sedykh, Sagingalieva, Kyriacou & Melnikov 2024"),
        summary: "HQNN-Parallel and its classical counterpart on full MNIST; HQNN-Quanv beside CNN1 and CNN4 on 500/100 images",
        quickForm: "HQNN-Parallel and its counterpart 2 epochs on 20,000/2,000 images, HQNN-Quanv rows with 1 seed",
        datasets: ["mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        var result = ReproductionResult()
        var runs: [RowRun] = []
        for head in HQNN.Head.allCases {
            var config = try HQNN.ParallelConfig.defaults(dataset: "mnist")
            config.head = head
            if context.quick {
                (config.settings.trainSize, config.settings.testSize, config.settings.epochs) = (20_000, 2000, 2)
            }
            let parameters = try config.makeModel(seed: 0).parameterCount
            let reported = head == .quantum ? Reported("99.21 %", value: 99.21, source: "paper abstract, full MNIST")
                                            : Reported("99.20 % (re-impl. CNN)", value: 99.20, source: "re-implementation README")
            let label = head == .quantum ? "HQNN-Parallel (\(parameters) params)" : "classical counterpart (\(parameters) params)"
            runs.append(try context.classifierRow(label, config, reported: reported))
        }
        let quanvReported: [HQNN.Front: Reported] = [
            .quanv: Reported("70 % (re-impl.)", value: 70, source: "re-implementation, 500/100 subset"),
            .cnn1: Reported("79 % (re-impl.)", value: 79, source: "re-implementation, 500/100 subset"),
            .cnn4: Reported("67 % (re-impl.)", value: 67, source: "re-implementation, 500/100 subset"),
        ]
        for front in HQNN.Front.allCases {
            var config = try HQNN.QuanvConfig.defaults(dataset: "mnist")
            config.front = front
            let parameters = try config.makeModel(seed: 0).parameterCount
            runs.append(try context.classifierRow("HQNN-Quanv front \(front.rawValue) (\(parameters) params)", config,
                                                  reported: quanvReported[front]!, seeds: context.quick ? 1 : 5))
        }
        result.rows = runs.map(\.row)
        result.plots = [ReproductionResult.curves(runs, title: "HQNN, MNIST")]
        result.notes = [
            "The classical counterpart replaces the four circuits with a 20→20 linear layer and tanh; the paper's own "
                + "counterpart (about 8× the parameters) is not published.",
            "Adam lr 1e-3 cosine-decayed over 8 epochs, batch 64, for HQNN-Parallel (the re-implementation: SGD, batch 4, 10 epochs), tested on the standard 10,000 test images.",
        ]
        return result
    }
}
