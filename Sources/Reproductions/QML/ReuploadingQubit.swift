import Foundation
import QML

/// Pérez-Salinas, Cervera-Lierta, Gil-Fuster & Latorre, "Data re-uploading for a universal
/// quantum classifier" (Quantum 4, 226 (2020), arXiv 1907.02085; papers.md §A7e). Model
/// `reupload-1q`, trained on the circle problem.
public enum ReuploadingQubit {
    /// `layers` gates U3(θ₁ + w₁x₁, θ₂ + w₂x₂, θ₃) on |0⟩ for 2-D points (x zero-padded to 3,
    /// so the third angle has no data term); readout = fidelities with the class label states
    /// (`labelStates`). Weights per layer: [θ₁, w₁, θ₂, w₂, θ₃]. Input: 2 features.
    public static func circuit(layers: Int, classes: Int = 2) throws -> DenseCircuit {
        guard layers >= 1 else { throw QMLError.invalidArgument("reupload-1q needs ≥ 1 layer, got \(layers)") }
        guard (2...4).contains(classes) else {
            throw QMLError.invalidArgument("reupload-1q takes 2...4 classes, got \(classes)")
        }
        var c = try DenseCircuit(qubits: 1, readout: .fidelities(labelStates(classes: classes).map { BlochVector($0.0, $0.1, $0.2) }))
        for l in 0..<layers {
            let b = 5 * l
            let angles: [DenseCircuit.Angle] = [
                .affine(bias: b, weight: b + 1, input: 0), .affine(bias: b + 2, weight: b + 3, input: 1), .weight(b + 4),
            ]
            try c.gate(.u3, [0], angles)
        }
        return c
    }

    /// The label states as Bloch vectors: ±z for two classes, otherwise the first `classes`
    /// vertices of the tetrahedron (+z first), maximally apart as the paper assigns them.
    public static func labelStates(classes: Int) -> [(Double, Double, Double)] {
        let r2 = 2.0.squareRoot()
        let r23 = (2.0 / 3).squareRoot()
        let third = -1.0 / 3
        let tetrahedron: [(Double, Double, Double)] = [(0, 0, 1), (2 * r2 / 3, 0, third), (-r2 / 3, r23, third), (-r2 / 3, -r23, third)]
        return classes == 2 ? [(0, 0, 1), (0, 0, -1)] : Array(tetrahedron.prefix(classes))
    }

    /// Fidelities between the label states: Y[c][k] = |⟨ψ_c|ψ_k⟩|² = (1 + r_c·r_k)/2.
    public static func idealFidelities(classes: Int) -> [[Double]] {
        let r = labelStates(classes: classes)
        return r.map { a in r.map { b in (1 + a.0 * b.0 + a.1 * b.1 + a.2 * b.2) / 2 } }
    }

    /// The circle problem: points uniform in [−1, 1]², class 1 inside the circle of radius
    /// √(2/π) (half the square's area), class 0 outside. Seeded.
    public static func circle(count: Int, seed: UInt64) -> LabeledData {
        var rng = RandomGenerator(seed: seed)
        var x = [Float]()
        var y = [Int]()
        for _ in 0..<count {
            let a = 2 * rng.nextUnit() - 1
            let b = 2 * rng.nextUnit() - 1
            x += [Float(a), Float(b)]
            y.append(a * a + b * b < 2 / Double.pi ? 1 : 0)
        }
        return LabeledData(features: Tensor(shape: [count, 2], scalars: x), labels: y)
    }

    /// The two costs of the paper.
    public enum Cost: String, Codable, Sendable, CaseIterable {
        /// 1 − |⟨target_y|ψ(x)⟩| averaged, as the paper's code computes it; class = arg-max fidelity.
        case fidelity
        /// χ²_wf with trainable class weights α (`ClassWeights`); class = arg-max α_c·F_c.
        case weightedFidelity = "weighted-fidelity"
    }

    /// `quanta train --model reupload-1q`.
    public struct Config: PaperConfiguration, Equatable {
        /// Re-uploading layers and the cost.
        public struct Own: Codable, Equatable, Sendable {
            public var layers: Int
            public var cost: Cost

            public init(layers: Int, cost: Cost) {
                self.layers = layers
                self.cost = cost
            }

            /// A recipe stored before the cost existed was trained with the fidelity cost.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                layers = try c.decode(Int.self, forKey: .layers)
                cost = try c.decodeIfPresent(Cost.self, forKey: .cost) ?? .fidelity
            }
        }

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// 4 layers, 200 train / 4000 test points, the weighted cost, full-batch L-BFGS (≤ 1000
        /// iterations) from the best of 30 starts by training loss (the paper: one start).
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.generated(dataset, problem: "circle", model: "reupload-1q")
            var s = ClassifierSettings(model: "reupload-1q", dataset: name, classes: [0, 1], trainSize: 200, testSize: 4000,
                                       epochs: 1000, batchSize: 200, learningRate: 0.05, optimizer: .lbfgs)
            s.restarts = 30
            s.restartEpochs = 1000
            return Config(settings: s, own: Own(layers: 4, cost: .weightedFidelity))
        }

        public static let options = [
            ConfigOption("layers", "N", "re-uploading layers"),
            ConfigOption("cost", "NAME", Cost.allCases.map(\.rawValue).joined(separator: "|")),
        ]

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            own.layers = try o.int("layers", own.layers, in: 1...1000)
            own.cost = try o.choice("cost", own.cost)
        }

        public var shapeText: String { "1 qubit, \(own.layers) layers, \(own.cost.rawValue) cost" }

        /// θ and w ~ U[0, 1) from `seed`, as the paper's code (numpy.random.rand); the weighted
        /// cost's α start at 1.
        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            let c = try circuit(layers: own.layers, classes: settings.classes.count)
            var rng = RandomGenerator(seed: seed)
            let w = (0..<c.weightCount).map { _ in Float(rng.nextUnit()) }
            let layer = try QuantumLayer<Float>(c, weights: Tensor(shape: [c.weightCount], scalars: w))
            guard own.cost == .weightedFidelity else { return Sequential(layer) }
            return Sequential(layer, ClassWeights<Float>(classes: settings.classes.count))
        }

        /// `trainSize` and `testSize` circle points (seeds s and s + 0x5EED).
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            _ = try ClassifierData.generated(settings.dataset, problem: "circle", model: "reupload-1q")
            return (circle(count: settings.trainSize ?? 200, seed: seed), circle(count: settings.testSize ?? 4000, seed: seed &+ 0x5EED))
        }

        public var loss: Loss<Float> {
            own.cost == .weightedFidelity ? .weightedFidelity(ideal: idealFidelities(classes: settings.classes.count))
                                      : .fidelity(amplitude: true)
        }
    }
}

extension PaperModel {
    static let reuploadingQubit = PaperModel(
        ReuploadingQubit.Config.self, name: "reupload-1q",
        summary: "Pérez-Salinas 1-qubit data re-uploading classifier on the circle problem",
        datasets: ["circle"], options: ReuploadingQubit.Config.options, defaults: { try ReuploadingQubit.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let reuploadingCircle = Reproduction(
        name: "reupload-circle",
        paper: PaperReference(title: "Data re-uploading for a universal quantum classifier", arxiv: "1907.02085",
                              citation: "Pérez-Salinas, Cervera-Lierta, Gil-Fuster & Latorre, Quantum 4, 226 (2020)"),
        summary: "1-qubit re-uploading classifier on the circle, test accuracy for 1…8 layers (weighted fidelity, L-BFGS)",
        quickForm: "layers 1, 2, 4, 6 on 1,000 test points",
        datasets: []
    ) { context in
        let reported = Reported("rises with layers; mid-90s % at 4-8", source: "paper, circle problem (digest, unverified)")
        var runs: [RowRun] = []
        for layers in context.quick ? [1, 2, 4, 6] : Array(1...8) {
            var config = try ReuploadingQubit.Config.defaults(dataset: nil)
            config.layers = layers
            if context.quick { config.settings.testSize = 1000 }
            runs.append(try context.classifierRow("reupload-1q L=\(layers) weighted fid.", config, reported: reported))
        }
        let plot = ReproductionResult.curves(runs, title: "Circle, best start's L-BFGS", xLabel: "iteration", yLabel: "χ²_wf")
        return ReproductionResult(rows: runs.map(\.row), plots: [plot])
    }
}
