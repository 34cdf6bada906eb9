import Datasets
import Foundation
import QML

/// Shahzad, "Hybrid Quantum-Classical Model for Image Classification" (arXiv 2509.13353;
/// papers.md §A10): a CNN whose head is a small angle-encoded variational circuit, beside the
/// same CNN with a classical head. The paper publishes no architecture; this is the digest's
/// CPU recipe. Model `hybrid-cnn` (its robustness numbers belong to the attacks issue).
public enum HybridCNN {
    /// What maps the CNN's q features to the q values before the output layer.
    public enum Head: String, Codable, Sendable, CaseIterable {
        /// RY(π·x_i) on q qubits, strongly entangling layers, ⟨Z_i⟩.
        case quantum
        /// A q→q linear layer with tanh.
        case classical
    }

    /// conv 1→16 3×3 pad 1, ReLU, max pool 2, conv 16→32 3×3 pad 1, ReLU, max pool 2, flatten
    /// 1568, 1568→64 ReLU, 64→q tanh, the head, q→classes. Input [N, 1, 28, 28].
    public static func model(qubits q: Int, layers: Int, head: Head, classes: Int, seed: UInt64) throws -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        var body: [any Layer<Float>] = [
            Conv2D<Float>(1, 16, kernelSize: 3, padding: 1, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Conv2D<Float>(16, 32, kernelSize: 3, padding: 1, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Flatten<Float>(), Linear<Float>(1568, 64, rng: &rng), Activation<Float>(.relu),
            Linear<Float>(64, q, rng: &rng), Activation<Float>(.tanh),
        ]
        switch head {
        case .quantum:
            let circuit = Encoders.angle(features: q, axis: .y, scale: .pi) + Templates.stronglyEntangling(qubits: q, layers: layers)
            let readout = QuantumReadout.expectations((0..<q).map { Observable.z($0) })
            body.append(try QuantumLayer<Float>(circuit, readout: readout, seed: seed &+ 1))
        case .classical:
            body += [Linear<Float>(q, q, rng: &rng), Activation<Float>(.tanh)]
        }
        body.append(Linear<Float>(q, classes, rng: &rng))
        return Sequential(body)
    }

    /// `quanta train --model hybrid-cnn`.
    public struct Config: PaperConfiguration, Equatable {
        public struct Own: Codable, Equatable, Sendable {
            public var qubits: Int
            public var layers: Int
            public var head: Head
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// Full MNIST, 8 qubits, 2 layers, Adam lr 1e-3 cosine-decayed, batch 64, 10 epochs (the
        /// paper: 50 epochs).
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.imageSet(dataset, model: "hybrid-cnn")
            let s = ClassifierSettings(model: "hybrid-cnn", dataset: name, classes: Array(0..<10), trainSize: nil, testSize: nil,
                                       epochs: 10, batchSize: 64, learningRate: 1e-3, optimizer: .adamCosine)
            return Config(settings: s, own: Own(qubits: 8, layers: 2, head: .quantum))
        }

        public static let options = [
            ConfigOption("qubits", "N", "qubits of the head, 4...8"),
            ConfigOption("layers", "N", "strongly entangling layers"),
            ConfigOption("head", "NAME", Head.allCases.map(\.rawValue).joined(separator: "|") + ": the circuit or a classical layer"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.qubits = try o.int("qubits", own.qubits, in: 4...8)
            own.layers = try o.int("layers", own.layers, in: 1...50)
            own.head = try o.choice("head", own.head)
        }

        public var shapeText: String {
            own.head == .quantum ? "CNN → \(own.qubits) qubits, \(own.layers) layers" : "CNN → classical \(own.qubits)-wide head"
        }

        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            try HybridCNN.model(qubits: own.qubits, layers: own.layers, head: own.head, classes: settings.classes.count, seed: seed)
        }

        /// Pixels in [0, 1], [N, 1, 28, 28].
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            try ClassifierData.images(settings, dataDir: dataDir, seed: seed)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension PaperModel {
    static let hybridCNN = PaperModel(
        HybridCNN.Config.self, name: "hybrid-cnn",
        summary: "Shahzad CNN with a 4-8-qubit variational head (or the same CNN with a classical head)",
        datasets: ["mnist", "fashion-mnist"], options: HybridCNN.Config.options,
        defaults: { try HybridCNN.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let hybridCNN = Reproduction(
        name: "hybrid-cnn",
        paper: PaperReference(title: "Hybrid Quantum-Classical Model for Image Classification", arxiv: "2509.13353",
                              citation: "Shahzad 2025"),
        summary: "CNN with an 8-qubit head beside the same CNN with a classical head on MNIST: accuracy, parameters, time per epoch",
        quickForm: "3 epochs on 20,000/2,000 images",
        datasets: ["mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        var rows: [ResultRow] = []
        var runs: [RowRun] = []
        let accuracy: [HybridCNN.Head: Reported] = [
            .quantum: Reported("99.38 %", value: 99.38, source: "abstract, MNIST validation, 50 epochs"),
            .classical: Reported("98.21 %", value: 98.21, source: "abstract, MNIST validation, 50 epochs"),
        ]
        let epochTime: [HybridCNN.Head: Reported] = [
            .quantum: Reported("21.23 s", value: 21.23, source: "abstract, their hardware"),
            .classical: Reported("108.44 s", value: 108.44, source: "abstract, their hardware"),
        ]
        for head in HybridCNN.Head.allCases {
            var config = try HybridCNN.Config.defaults(dataset: "mnist")
            config.head = head
            if context.quick { (config.settings.trainSize, config.settings.testSize, config.settings.epochs) = (20_000, 2000, 3) }
            let parameters = try config.makeModel(seed: 0).parameterCount
            let run = try context.classifierRow("\(head.rawValue) head (\(parameters) params)", config, reported: accuracy[head]!)
            runs.append(run)
            rows.append(run.row)
            let epochs = Double(config.settings.epochs * run.row.values.count)
            rows.append(ResultRow(label: "\(head.rawValue) head, time per epoch (with one test pass)", metric: "time",
                                  values: [run.row.seconds / epochs], unit: "s", higherIsBetter: false,
                                  reported: epochTime[head]!, seconds: 0))
        }
        return ReproductionResult(rows: rows, plots: [ReproductionResult.curves(runs, title: "Hybrid CNN, MNIST")],
                                  notes: ["The paper's models are unpublished; both here share the CNN and differ only in the "
                                          + "q→q block, so their epoch times are close (the paper's 5× gap implies different models)."])
    }
}
