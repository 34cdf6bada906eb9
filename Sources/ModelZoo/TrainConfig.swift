import Datasets
import Foundation
import NeuralNetworks

/// Every choice that shapes the training run of a catalog model (mlp, cnn, lenet5), stored in
/// checkpoints ("quanta.train") so that `--resume` continues with exactly the same settings.
/// The defaults are `quanta train`'s: Adam 3e-3, batch 32, cosine decay per step, 10 epochs,
/// 5 % validation, a 20 % test split for sets without one.
public struct TrainConfig: Codable, Equatable, Sendable {
    public static let metadataKey = "quanta.train"
    public var model: String
    public var dataset: String
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var optimizer: String
    public var weightDecay: Double
    public var schedule: String
    public var warmup: Int
    public var labelSmoothing: Double
    public var clipNorm: Double?
    public var patience: Int?
    public var testFraction: Double
    public var validationFraction: Double
    public var seed: UInt64
    public var hidden: [Int]?
    public var channels: Int?
    /// The epochs the learning-rate schedule spans when a resumed run was extended beyond the
    /// epochs it started with (nil: `epochs`). Extending never reshapes the schedule.
    public var scheduleEpochs: Int?
    /// The target column of a `csv:` table (nil: its last column).
    public var labelColumn: String?
    /// "classification" or "regression" for the user's own data (nil: chosen from the targets), or
    /// "forecast" for a series cut into windows.
    public var task: String?
    /// Forecasting: steps per input window, W.
    public var window: Int?
    /// Forecasting: steps predicted after each window, H (nil: 1).
    public var horizon: Int?
    /// Circuit qubits and layers of the quantum recurrent models (nil: their defaults).
    public var qubits: Int?
    public var circuitLayers: Int?
    /// Adversarial training: "fgsm:ε" or "pgd:ε[:steps[:linf|l2]]" (`AdversarialTraining.attack`), ε in the data's units.
    public var adversarial: String?

    public static let tasks = ["classification", "regression", "forecast"]

    public static let optimizers = ["adam", "adamw", "sgd", "momentum", "nesterov", "rmsprop"]
    public static let schedules = ["constant", "step", "exponential", "cosine"]

    /// `quanta train`'s defaults for `model` on `dataset`.
    public init(model: String, dataset: String, seed: UInt64 = 0) {
        self.model = model
        self.dataset = dataset
        epochs = 10
        batchSize = 32
        learningRate = 3e-3
        optimizer = "adam"
        weightDecay = 0
        schedule = "cosine"
        warmup = 0
        labelSmoothing = 0
        testFraction = 0.2
        validationFraction = 0.05
        self.seed = seed
    }

    /// The default rate of each optimizer (Adam/AdamW 3e-3).
    public static func defaultLearningRate(_ optimizer: String) -> Double {
        ["sgd": 0.05, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 1e-3][optimizer] ?? 3e-3
    }

    /// The trainer: optimizer, per-step schedule, loss (cross-entropy with label smoothing, or
    /// mean squared error for regression), norm clipping, batches drawn from `seed`.
    public func makeTrainer(_ model: Sequential<Float>, trainCount: Int, regression: Bool = false) -> Trainer<Float> {
        let stepsPerEpoch = (trainCount + batchSize - 1) / batchSize
        let trainer = Trainer(model: model, optimizer: makeOptimizer(model.parameters), batchSize: batchSize,
                              schedule: makeSchedule(stepsPerEpoch: stepsPerEpoch), seed: seed)
        trainer.schedulePerStep = true
        trainer.loss = regression ? .meanSquaredError() : .softmaxCrossEntropy(labelSmoothing: labelSmoothing)
        trainer.gradientTransforms = clipNorm.map { [.clipNorm($0)] } ?? []
        return trainer
    }

    /// The optimizer over `parameters`.
    public func makeOptimizer(_ parameters: [Variable<Float>]) -> any Optimizer<Float> {
        switch optimizer {
        case "adamw": Adam.adamW(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case "sgd": SGD(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case "momentum": SGD(parameters, learningRate: learningRate, momentum: 0.9, weightDecay: weightDecay)
        case "nesterov": SGD(parameters, learningRate: learningRate, momentum: 0.9, weightDecay: weightDecay, nesterov: true)
        case "rmsprop": RMSprop(parameters, learningRate: learningRate, weightDecay: weightDecay)
        default: Adam(parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    /// The learning-rate schedule, counted in optimizer steps (`stepsPerEpoch` per epoch):
    /// step decays ×0.1 at 1/3 and 2/3 of the run, exponential ×0.9 per epoch, cosine anneals
    /// to 0 over the run after the warm-up epochs.
    public func makeSchedule(stepsPerEpoch: Int) -> any LearningRateSchedule {
        let total = Swift.max(1, (scheduleEpochs ?? epochs) * stepsPerEpoch), warmupSteps = warmup * stepsPerEpoch
        let base: any LearningRateSchedule = switch schedule {
        case "step": StepSchedule(initial: learningRate, stepSize: Swift.max(1, total / 3), gamma: 0.1)
        case "exponential": ExponentialSchedule(initial: learningRate, gamma: 0.9, every: Double(stepsPerEpoch))
        case "cosine": CosineSchedule(initial: learningRate, totalSteps: Swift.max(1, total - warmupSteps))
        default: ConstantSchedule(learningRate)
        }
        return warmupSteps > 0 ? WarmupSchedule(base, warmupSteps: warmupSteps) : base
    }

    /// The run extended to `newEpochs` (≥ the stored epochs): the schedule keeps its length.
    public func extended(to newEpochs: Int) -> TrainConfig {
        var run = self
        run.scheduleEpochs = scheduleEpochs ?? epochs
        run.epochs = newEpochs
        return run
    }

    /// The configuration as checkpoint metadata.
    public var metadata: [String: String] {
        get throws { [Self.metadataKey: try SafeTensors.metadataJSON(self)] }
    }

    /// The configuration stored in checkpoint `file`'s metadata (its data set name checked).
    public static func stored(in metadata: [String: String], file: String) throws -> TrainConfig {
        guard let json = metadata[metadataKey], let config = try? JSONDecoder().decode(TrainConfig.self, from: Data(json.utf8)) else {
            throw SafeTensorsError(file: file, problem: "no readable \(metadataKey) metadata: cannot resume a run without its settings")
        }
        try checkStoredDataset(config.dataset, file: file)
        if let problem = config.problem {
            throw SafeTensorsError(file: file, problem: "\(metadataKey) \(problem)")
        }
        return config
    }

    /// A data set name read from checkpoint `file` must be registered: a damaged name is the
    /// file's fault (exit 1, naming it), not a usage error.
    public static func checkStoredDataset(_ name: String, file: String) throws {
        guard !DatasetRegistry.names.contains(name.lowercased()) && !UserData.isUserData(name) && SeriesGenerator.named(name) == nil else {
            return
        }
        throw SafeTensorsError(file: file, problem: "the checkpoint names data set '\(name)', which is not registered "
            + "(known: \(DatasetRegistry.names.joined(separator: ", "))); --dataset NAME picks another")
    }
}

