import Foundation
import QML

/// Hur, Kim & Park, "Quantum convolutional neural network for classical data classification"
/// (arXiv 2108.00661; papers.md §A7b). Model `qcnn-hur`.
public enum HurQCNN {
    /// 8 wires: RY(x_i) angle embedding of 8 features, SU(4) convolutions exp(i Σ ω P)
    /// (15 parameters shared per layer) on (0,7),(0,1),(2,3),(4,5),(6,7),(1,2),(3,4),(5,6);
    /// pooling CRZ(θ₁), X, CRX(θ₂) from wire 2i+1 onto 2i; convolution on (0,6),(0,2),(4,6),(2,4);
    /// pooling 2→0, 6→4; convolution on (0,4); pooling 0→4; probabilities of wire 4 (2 classes).
    /// Wires as in the paper's PennyLane code; wire w is qubit 7 − w.
    /// Weights: conv1 [0..<15], pool1 [15, 16], conv2 [17..<32], pool2 [32, 33], conv3 [34..<49],
    /// pool3 [49, 50].
    public static func circuit() throws -> DenseCircuit {
        let q = { (w: Int) in 7 - w }
        var c = try DenseCircuit(qubits: 8, readout: .marginals(qubits: [q(4)]))
        for w in 0..<8 {
            try c.gate(.ry, [q(w)], [.input(w, scale: 1)])
        }
        func conv(_ pairs: [(Int, Int)], _ offset: Int) throws {
            for (a, b) in pairs {
                try c.append(.specialUnitary(qubits: [q(a), q(b)], weightOffset: offset))
            }
        }
        func pool(_ pairs: [(Int, Int)], _ offset: Int) throws {
            for (control, target) in pairs {
                try c.gate(.rz, [q(target)], controls: [q(control)], [.weight(offset)])
                try c.gate(.x, [q(control)])
                try c.gate(.rx, [q(target)], controls: [q(control)], [.weight(offset + 1)])
            }
        }
        try conv([(0, 7), (0, 1), (2, 3), (4, 5), (6, 7), (1, 2), (3, 4), (5, 6)], 0)
        try pool([(1, 0), (3, 2), (5, 4), (7, 6)], 15)
        try conv([(0, 6), (0, 2), (4, 6), (2, 4)], 17)
        try pool([(2, 0), (6, 4)], 32)
        try conv([(0, 4)], 34)
        try pool([(0, 4)], 49)
        return c
    }

    /// `quanta train --model qcnn-hur`: the shared settings only (the circuit is fixed).
    public struct Config: PaperConfiguration, Equatable {
        public var settings: ClassifierSettings
        public var own = NoOwnSettings()

        public init(settings: ClassifierSettings, own: NoOwnSettings = NoOwnSettings()) {
            self.settings = settings
            self.own = own
        }

        /// MNIST or Fashion-MNIST 0 vs 1, 200 Nesterov steps (momentum 0.9, lr 0.01) of 25 samples.
        public static func defaults(dataset: String?) throws -> Config {
            let name = dataset ?? "mnist"
            guard name == "mnist" || name == "fashion-mnist" else {
                throw ReproductionError.invalidSetting("qcnn-hur runs on mnist or fashion-mnist (0 vs 1), not \(name)")
            }
            return Config(settings: ClassifierSettings(model: "qcnn-hur", dataset: name, classes: [0, 1], trainSize: nil,
                                                       testSize: nil, epochs: 1, steps: 200, batchSize: 25,
                                                       learningRate: 0.01, optimizer: .nesterov))
        }

        public mutating func apply(_ o: ConfigOverrides) throws { try settings.apply(o) }

        public var shapeText: String { "8 qubits, PCA-8" }

        /// Weights ~ N(0, 1) from `seed`, then a log so that softmax cross-entropy is the paper's
        /// cross-entropy on the two probabilities.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            Sequential(try QuantumLayer<Float>(try circuit(), seed: seed), LogProbability<Float>())
        }

        /// 8 PCA features of the pixels, each scaled to [0, π] by its training range.
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            let (train, test) = try ClassifierData.select(settings, dataDir: dataDir, seed: seed)
            return try ClassifierData.pcaAngles(train, test, components: 8)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }

    }
}

extension PaperModel {
    static let hurQCNN = PaperModel(
        HurQCNN.Config.self, name: "qcnn-hur", summary: "Hur et al. 8-qubit QCNN, PCA-8, SU(4) convolutions, 0 vs 1",
        datasets: ["mnist", "fashion-mnist"], options: [], defaults: { try HurQCNN.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let hurQCNN = Reproduction(
        name: "qcnn-hur",
        paper: PaperReference(title: "Quantum convolutional neural network for classical data classification",
                              arxiv: "2108.00661", citation: "Hur, Kim & Park 2022"),
        summary: "8-qubit QCNN on MNIST 0 vs 1, PCA-8 angles, SU(4) convolutions, 200 Nesterov steps",
        quickForm: "the same run with 2 seeds",
        datasets: ["mnist"]
    ) { context in
        let config = try HurQCNN.Config.defaults(dataset: "mnist")
        let reported = Reported("98.5 %", value: 98.5, source: "Hur et al., SU4 + PCA8, cross-entropy, 5 runs")
        let run = try context.classifierRow("qcnn-hur SU4 PCA8, MNIST 0/1", config, reported: reported)
        return ReproductionResult(rows: [run.row], plots: [ReproductionResult.curves([run], title: "Hur QCNN, MNIST 0 vs 1",
                                                                                    xLabel: "step", yLabel: "running training loss")])
    }
}
