import Datasets
import Foundation
import QML

/// Ren et al., "Experimental quantum adversarial learning with programmable superconducting
/// qubits" (Nature Computational Science 2022, arXiv 2204.01738; papers.md §A11), simulated:
/// a variational classifier of single-qubit rotation layers and CZ entanglers on down-sampled
/// images, attacked by FGSM and BIM, then trained adversarially. Model `qadv`.
public enum QuantumAdversarial {
    /// A side×side image (2ⁿ pixels, side = 2^(n/2)) amplitude-encoded on n qubits, then
    /// `layers` layers of RZ·RX·RZ on every qubit and a CZ brick ((0,1),(2,3),… then (1,2),…);
    /// the probabilities of qubit 0 are the two classes'. Weights 3·n·layers.
    public static func circuit(qubits n: Int, layers: Int) throws -> DenseCircuit {
        var c = try DenseCircuit(qubits: n, initialState: .amplitude(features: 1 << n), readout: .marginals(qubits: [0]))
        var w = 0
        for _ in 0..<layers {
            for q in 0..<n {
                for gate in [Gate.rz, .rx, .rz] {
                    try c.gate(gate, [q], [.weight(w)])
                    w += 1
                }
            }
            for q in stride(from: 0, to: n - 1, by: 2) { try c.gate(.z, [q + 1], controls: [q]) }
            for q in stride(from: 1, to: n - 1, by: 2) { try c.gate(.z, [q + 1], controls: [q]) }
        }
        return c
    }

    /// The classifier's size.
    public struct Own: Codable, Equatable, Sendable {
        /// 8 (16×16 images) or 10 (32×32).
        public var qubits: Int
        public var layers: Int
    }

    /// `quanta train --model qadv`.
    public struct Config: PaperConfiguration, Equatable {
        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// MNIST 3 vs 6 (1,000 training and 500 test images) down-sampled to 16×16 on 8 qubits,
        /// 10 layers, Adam 0.02, batch 32, 15 epochs.
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.imageSet(dataset, model: "qadv")
            let s = ClassifierSettings(model: "qadv", dataset: name, classes: [3, 6], trainSize: 1000, testSize: 500, epochs: 15,
                                       batchSize: 32, learningRate: 0.02, optimizer: .adam)
            return Config(settings: s, own: Own(qubits: 8, layers: 10))
        }

        static let options = [
            ConfigOption("qubits", "N", "8 (16×16 images) or 10 (32×32)"),
            ConfigOption("layers", "N", "rotation + CZ layers"),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.qubits = try o.int("qubits", own.qubits, in: 8...10)
            guard own.qubits % 2 == 0 else { throw ReproductionError.invalidSetting("--qubits must be 8 or 10 (square images)") }
            own.layers = try o.int("layers", own.layers, in: 1...100)
        }

        public var shapeText: String { "\(own.qubits) qubits, \(own.layers) layers" }

        /// The side of the images the circuit encodes.
        var side: Int { 1 << (own.qubits / 2) }

        /// Weights ~ N(0, 1) from `seed`; log-probabilities, so softmax cross-entropy is the circuit's cross-entropy.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            Sequential(try QuantumLayer<Float>(try circuit(qubits: own.qubits, layers: own.layers), seed: seed), LogProbability<Float>())
        }

        /// The images resized (area) to side×side, pixels in [0, 1], flattened.
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            let (train, test) = try ClassifierData.select(settings, dataDir: dataDir, seed: seed)
            func shrunk(_ s: DataSplit) -> LabeledData {
                let small = ImageTransforms.resize(s.features, height: side, width: side, method: .area)
                return LabeledData(features: small.reshaped([s.count, side * side]), labels: s.labels)
            }
            return (shrunk(train), shrunk(test))
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension PaperModel {
    static let qadv = PaperModel(
        QuantumAdversarial.Config.self, name: "qadv",
        summary: "Ren et al.'s quantum classifier: amplitude-encoded 16×16 images, rotation + CZ layers, MNIST 3 vs 6",
        datasets: ["mnist", "fashion-mnist"], options: QuantumAdversarial.Config.options,
        defaults: { try QuantumAdversarial.Config.defaults(dataset: $0) })
}
