import Foundation
import QML

/// The PennyLane QCNN ("learning from few data" demo) that Wang et al. use as HamEmb's
/// baseline (papers.md §A1 item 9, §A7c). Model `qcnn`.
public enum PennyLaneQCNN {
    /// Amplitude embedding of the L2-normalised image on n wires, then per stage a convolution
    /// (U3 pairs — first stage only — IsingXX, IsingYY, IsingZZ, U3 pair; 15 parameters shared
    /// across the stage, on even then odd neighbour pairs) and pooling (measure every odd wire,
    /// conditional U3 on its left neighbour — here its deferred form, a controlled U3; 3
    /// parameters), halving the wires; finally an SU(2ᵏ) gate on the k ≤ 3 remaining wires and
    /// the probabilities of their basis states (the first `classes`) as logits.
    /// PennyLane wire w (wire 0 most significant) is qubit n − 1 − w.
    /// Weights: [stage j: 18] × stages, then 4ᵏ − 1. Input: `features` amplitudes.
    public static func circuit(qubits n: Int, features: Int, classes: Int = 8) throws -> DenseCircuit {
        var wires = Array(0..<n)
        var stages = 0
        while wires.count > 3 {
            wires = stride(from: 0, to: wires.count, by: 2).map { wires[$0] }
            stages += 1
        }
        guard stages >= 1, classes <= 1 << wires.count else {
            throw QMLError.invalidArgument("qcnn needs ≥ 4 qubits and at most 2^(remaining wires) classes (n = \(n), classes = \(classes))")
        }
        let qubit = { (w: Int) in n - 1 - w }
        var c = try DenseCircuit(qubits: n, initialState: .amplitude(features: features),
                                 readout: .basisStates(qubits: wires.reversed().map(qubit), states: Array(0..<classes)))
        wires = Array(0..<n)
        for j in 0..<stages {
            try stage(&c, qubits: wires.map(qubit), first: j == 0, offset: 18 * j)
            wires = stride(from: 0, to: wires.count, by: 2).map { wires[$0] }
        }
        try c.append(.specialUnitary(qubits: wires.map(qubit), weightOffset: 18 * stages))
        return c
    }

    /// One convolution + pooling stage on `qubits` (in wire order), weights `offset`..<`offset` + 18.
    static func stage(_ c: inout DenseCircuit, qubits: [Int], first: Bool, offset: Int) throws {
        let w = { (k: Int) -> DenseCircuit.Angle in .weight(offset + k) }
        for parity in [0, 1] {
            for i in stride(from: parity, to: qubits.count - 1, by: 2) {
                let (a, b) = (qubits[i], qubits[i + 1])
                if i % 2 == 0 && first {
                    try c.gate(.u3, [a], [w(0), w(1), w(2)])
                    try c.gate(.u3, [b], [w(3), w(4), w(5)])
                }
                try c.gate(.rxx, [a, b], [w(6)])
                try c.gate(.ryy, [a, b], [w(7)])
                try c.gate(.rzz, [a, b], [w(8)])
                try c.gate(.u3, [a], [w(9), w(10), w(11)])
                try c.gate(.u3, [b], [w(12), w(13), w(14)])
            }
        }
        for i in stride(from: 1, to: qubits.count, by: 2) {
            try c.gate(.u3, [qubits[i - 1]], controls: [qubits[i]], [w(15), w(16), w(17)])
        }
    }

    /// `quanta train --model qcnn`: the width beside the shared settings.
    public struct Config: PaperConfiguration, Equatable {
        /// Circuit width.
        public struct Own: Codable, Equatable, Sendable {
            public var qubits: Int
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// Digits: 6 qubits (64 amplitudes), full-batch Adam 0.1, 500 epochs, 1200/100 samples;
        /// MNIST / Fashion-MNIST 0-7: 10 qubits (1024 amplitudes), batch 10,000, Adam 0.1
        /// cosine-decayed, 100 epochs.
        public static func defaults(dataset: String?) throws -> Config {
            switch dataset ?? "digits" {
            case "digits":
                let s = ClassifierSettings(model: "qcnn", dataset: "digits", classes: Array(0..<8), trainSize: 1200,
                                           testSize: 100, epochs: 500, batchSize: 2000, learningRate: 0.1, optimizer: .adam)
                return Config(settings: s, own: Own(qubits: 6))
            case let name where name == "mnist" || name == "fashion-mnist":
                let s = ClassifierSettings(model: "qcnn", dataset: name, classes: Array(0..<8), trainSize: nil, testSize: nil,
                                           epochs: 100, batchSize: 10_000, learningRate: 0.1, optimizer: .adamCosine)
                return Config(settings: s, own: Own(qubits: 10))
            case let other:
                throw ReproductionError.invalidSetting("qcnn runs on digits, mnist or fashion-mnist, not \(other)")
            }
        }

        public static let options = [ConfigOption("qubits", "N", "circuit width, even, 4...10 (image of 2^N pixels)")]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.qubits = try o.int("qubits", own.qubits, in: 4...10)
            guard own.qubits % 2 == 0 else {
                throw ReproductionError.invalidSetting("qcnn needs an even number of qubits (a square image of 2^n pixels), got \(own.qubits)")
            }
        }

        public var shapeText: String { "\(own.qubits) qubits" }

        /// Weights ~ N(0, 1) from `seed`.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            let c = try circuit(qubits: own.qubits, features: 1 << own.qubits, classes: settings.classes.count)
            return Sequential(try QuantumLayer<Float>(c, seed: seed))
        }

        /// Pixels zero-padded to a 2^(n/2)-sided square: 2ⁿ amplitudes, normalised by the circuit.
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            let (train, test) = try ClassifierData.select(settings, dataDir: dataDir, seed: seed)
            let side = 1 << (own.qubits / 2)
            return (try ClassifierData.padded(train, side: side), try ClassifierData.padded(test, side: side))
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }

    /// Wang et al.'s QCNN number on digits (repository CSVs, 20 reps, epoch 500).
    static let reportedDigits = Reported("79.0 ± 9.1 %", value: 79.0, source: "HamEmb repo CSVs, digits QCNN, ep. 500")
    /// The same number beside a shorter run.
    static let reportedDigitsAtEnd = Reported("79.0 ± 9.1 % (at ep. 500)", source: "HamEmb repo CSVs, digits QCNN")
}

extension PaperModel {
    static let pennyLaneQCNN = PaperModel(
        PennyLaneQCNN.Config.self, name: "qcnn",
        summary: "PennyLane QCNN, HamEmb's baseline (amplitude embedding, conv + pool, SU(8))",
        datasets: ["digits", "mnist", "fashion-mnist"], options: PennyLaneQCNN.Config.options,
        defaults: { try PennyLaneQCNN.Config.defaults(dataset: $0) })
}
