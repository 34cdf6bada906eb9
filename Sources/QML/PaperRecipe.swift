/// Everything that defines one of the paper experiments besides the seed: model, sizes,
/// data selection and the optimiser — the paper's settings by default (`defaults(model:dataset:)`).
public struct PaperRecipe: Codable, Equatable, Sendable {
    /// hamemb, qcnn, qcnn-hur or reupload-1q.
    public var model: String
    /// digits, mnist, fashion-mnist (circle for reupload-1q).
    public var dataset: String
    /// Circuit width.
    public var qubits: Int
    /// Re-uploading layers (hamemb, reupload-1q).
    public var layers: Int
    /// Original class labels kept, relabelled 0..<count.
    public var classes: [Int]
    /// Training samples (nil: all available).
    public var trainSize: Int?
    /// Test samples (nil: all available).
    public var testSize: Int?
    public var epochs: Int
    /// Optimizer steps instead of epochs when set (Hur et al. train 200 steps).
    public var steps: Int?
    public var batchSize: Int
    public var learningRate: Double
    /// adam; adam-clip-decay (element-wise clip ±1, lr·0.99^(step/100)); adam-cosine; nesterov
    /// (momentum 0.9); lbfgs (full batch, at most `epochs` iterations, batch size and rate unused).
    public var optimizer: String
    /// Per-epoch test evaluation (learning curves).
    public var evaluateEveryEpoch: Bool = true
    /// Random initialisations tried for `restartEpochs` each; the one with the lowest training
    /// loss is trained on (1: a single start); `restartEpochs` ≥ `epochs`: each start is trained
    /// fully and the lowest training loss wins. The 1-qubit classifier's landscape has many
    /// local minima of different quality, so one L-BFGS run often ends in a poor one.
    public var restarts: Int = 1
    public var restartEpochs: Int = 0
    /// reupload-1q's cost (`costs`): fidelity — mean of 1 − |⟨target_y|ψ(x)⟩| as the paper's
    /// code computes it, class = arg-max fidelity; weighted-fidelity — χ²_wf with trainable
    /// class weights α (`ClassWeights`, `PaperTraining.weightedFidelityCost`), class =
    /// arg-max α_c·F_c. Other models ignore it.
    public var cost: String = "fidelity"

    /// The model names.
    public static let models = ["hamemb", "qcnn", "qcnn-hur", "reupload-1q"]
    /// reupload-1q's costs.
    public static let costs = ["fidelity", "weighted-fidelity"]
    /// The optimizers `PaperTraining` knows (see `optimizer`).
    public static let optimizers = ["adam", "adam-clip-decay", "adam-cosine", "nesterov", "lbfgs"]

    /// The paper's settings for `model` on `dataset` (nil: the model's paper data set).
    public static func defaults(model: String, dataset: String?) throws -> PaperRecipe {
        switch model {
        case "hamemb":
            switch dataset ?? "digits" {
            case "digits":
                return PaperRecipe(model: model, dataset: "digits", qubits: 3, layers: 15, classes: Array(0..<8), trainSize: 1200, testSize: 100,
                                   epochs: 500, batchSize: 2000, learningRate: 0.1, optimizer: "adam")
            case "mnist", "fashion-mnist":
                return PaperRecipe(model: model, dataset: dataset!, qubits: 5, layers: 10, classes: Array(0..<8), trainSize: nil, testSize: nil,
                                   epochs: 100, batchSize: 1000, learningRate: 0.01, optimizer: "adam-clip-decay")
            case let other: throw QMLError.invalidArgument("hamemb runs on digits, mnist or fashion-mnist, not \(other)")
            }
        case "qcnn":
            switch dataset ?? "digits" {
            case "digits":
                return PaperRecipe(model: model, dataset: "digits", qubits: 6, layers: 1, classes: Array(0..<8), trainSize: 1200, testSize: 100,
                                   epochs: 500, batchSize: 2000, learningRate: 0.1, optimizer: "adam")
            case "mnist", "fashion-mnist":
                return PaperRecipe(model: model, dataset: dataset!, qubits: 10, layers: 2, classes: Array(0..<8), trainSize: nil, testSize: nil,
                                   epochs: 100, batchSize: 10_000, learningRate: 0.1, optimizer: "adam-cosine")
            case let other: throw QMLError.invalidArgument("qcnn runs on digits, mnist or fashion-mnist, not \(other)")
            }
        case "qcnn-hur":
            let d = dataset ?? "mnist"
            guard d == "mnist" || d == "fashion-mnist" else { throw QMLError.invalidArgument("qcnn-hur runs on mnist or fashion-mnist (0 vs 1), not \(d)") }
            return PaperRecipe(model: model, dataset: d, qubits: 8, layers: 3, classes: [0, 1], trainSize: nil, testSize: nil,
                               epochs: 1, steps: 200, batchSize: 25, learningRate: 0.01, optimizer: "nesterov")
        case "reupload-1q":
            let d = dataset ?? "circle"
            guard d == "circle" else { throw QMLError.invalidArgument("reupload-1q runs on the generated circle problem, not \(d)") }
            // The paper trains with scipy's L-BFGS-B from one start; best of 30 full runs here. Of
            // its two costs the weighted one generalises better from 2 layers on (README).
            return PaperRecipe(model: model, dataset: d, qubits: 1, layers: 4, classes: [0, 1], trainSize: 200, testSize: 4000,
                               epochs: 1000, batchSize: 200, learningRate: 0.05, optimizer: "lbfgs", restarts: 30, restartEpochs: 1000,
                               cost: "weighted-fidelity")
        default:
            throw QMLError.invalidArgument("unknown quantum model '\(model)'; known: \(models.joined(separator: ", "))")
        }
    }

    /// Builds the model: a `Sequential` holding the `DenseQuantumLayer` (and, for qcnn-hur,
    /// a log so that softmax cross-entropy is the paper's cross-entropy on probabilities).
    /// Weights ~ N(0, 1) from `seed`; reupload-1q: U[0, 1), as Pérez-Salinas' code, followed
    /// by `ClassWeights` (α = 1) under the weighted-fidelity cost.
    public func makeModel(seed: UInt64) throws -> Sequential<Float> {
        let circuit: DenseCircuit
        switch model {
        case "hamemb": circuit = try PaperModels.hamiltonianEmbedding(qubits: qubits, layers: layers, classes: classes.count)
        case "qcnn": circuit = try PaperModels.pennyLaneQCNN(qubits: qubits, features: 1 << qubits, classes: classes.count)
        case "qcnn-hur":
            guard qubits == 8 else { throw QMLError.invalidArgument("qcnn-hur is defined on 8 qubits, got --qubits \(qubits)") }
            circuit = try PaperModels.hurQCNN()
        case "reupload-1q":
            guard qubits == 1 else { throw QMLError.invalidArgument("reupload-1q is a 1-qubit model, got --qubits \(qubits)") }
            circuit = try PaperModels.reuploadingQubit(layers: layers, classes: classes.count)
        default: throw QMLError.invalidArgument("unknown quantum model '\(model)'")
        }
        if model == "reupload-1q" {
            // Pérez-Salinas' code draws θ and w from U[0, 1) (numpy.random.rand).
            var rng = RandomGenerator(seed: seed)
            let w = (0..<circuit.weightCount).map { _ in Float(rng.nextUnit()) }
            let layer = try DenseQuantumLayer<Float>(circuit, weights: Tensor(shape: [circuit.weightCount], scalars: w))
            guard Self.costs.contains(cost) else { throw QMLError.invalidArgument("unknown cost '\(cost)'; known: \(Self.costs.joined(separator: ", "))") }
            // The weighted cost's α start at 1, as in the paper's code.
            return cost == "weighted-fidelity" ? Sequential(layer, ClassWeights<Float>(classes: classes.count)) : Sequential(layer)
        }
        let layer = try DenseQuantumLayer<Float>(circuit, seed: seed)
        return model == "qcnn-hur" ? Sequential(layer, LogProbability<Float>()) : Sequential(layer)
    }

    /// Training loss on the model's output.
    public var loss: PaperLoss {
        guard model == "reupload-1q" else { return .softmaxCrossEntropy }
        return cost == "weighted-fidelity" ? .weightedFidelity : .fidelityAmplitude
    }
}

/// The loss a recipe trains with.
public enum PaperLoss: String, Codable, Sendable {
    /// Softmax cross-entropy on the outputs (HamEmb uses probabilities directly as logits).
    case softmaxCrossEntropy
    /// Pérez-Salinas' fidelity cost as the paper writes it: mean over samples of 1 − |⟨target_y|ψ(x)⟩|².
    case fidelity
    /// The fidelity cost as the paper's code computes it (its `fidelity` is |⟨a|b⟩|, unsquared):
    /// mean over samples of 1 − |⟨target_y|ψ(x)⟩|. Same classifier (arg-max unchanged); on
    /// the circle it generalises a little better than the squared form (measured, README).
    case fidelityAmplitude
    /// Pérez-Salinas' weighted fidelity cost on α_c·|⟨target_c|ψ(x)⟩|² (`PaperTraining.weightedFidelityCost`).
    case weightedFidelity
}

/// log(p + 10⁻¹²) element-wise: turns probabilities into logits whose softmax is p itself.
public final class LogProbability<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { (x + Scalar(1e-12)).log() }
}

extension PaperRecipe {
    // the stored property names, as the synthesised encoder writes them
    enum Key: String, CodingKey {
        case model, dataset, qubits, layers, classes, trainSize, testSize, epochs, steps, batchSize, learningRate, optimizer
        case evaluateEveryEpoch, restarts, restartEpochs, cost
    }

    /// Decodes a stored recipe; fields added after the first release (`evaluateEveryEpoch`,
    /// `restarts`, `restartEpochs`, `cost`) take their defaults when absent, so checkpoints
    /// written by earlier versions still load (they were trained with exactly those defaults).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(model: try c.decode(String.self, forKey: .model), dataset: try c.decode(String.self, forKey: .dataset),
                  qubits: try c.decode(Int.self, forKey: .qubits), layers: try c.decode(Int.self, forKey: .layers),
                  classes: try c.decode([Int].self, forKey: .classes), trainSize: try c.decodeIfPresent(Int.self, forKey: .trainSize),
                  testSize: try c.decodeIfPresent(Int.self, forKey: .testSize), epochs: try c.decode(Int.self, forKey: .epochs),
                  steps: try c.decodeIfPresent(Int.self, forKey: .steps), batchSize: try c.decode(Int.self, forKey: .batchSize),
                  learningRate: try c.decode(Double.self, forKey: .learningRate), optimizer: try c.decode(String.self, forKey: .optimizer))
        evaluateEveryEpoch = try c.decodeIfPresent(Bool.self, forKey: .evaluateEveryEpoch) ?? evaluateEveryEpoch
        restarts = try c.decodeIfPresent(Int.self, forKey: .restarts) ?? restarts
        restartEpochs = try c.decodeIfPresent(Int.self, forKey: .restartEpochs) ?? restartEpochs
        cost = try c.decodeIfPresent(String.self, forKey: .cost) ?? cost
    }
}
