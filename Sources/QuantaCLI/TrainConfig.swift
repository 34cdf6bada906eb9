import Foundation
import Quanta

/// Every choice that shapes a training run, stored in checkpoints ("quanta.train") so that
/// `--resume` continues with exactly the same settings.
struct TrainConfig: Codable, Equatable {
    static let metadataKey = "quanta.train"
    var model: String
    var dataset: String
    var epochs: Int
    var batchSize: Int
    var learningRate: Double
    var optimizer: String
    var weightDecay: Double
    var schedule: String
    var warmup: Int
    var labelSmoothing: Double
    var clipNorm: Double?
    var patience: Int?
    var testFraction: Double
    var validationFraction: Double
    var seed: UInt64
    var hidden: [Int]?
    var channels: Int?

    static let optimizers = ["adam", "adamw", "sgd", "momentum", "nesterov", "rmsprop"]
    static let schedules = ["constant", "step", "exponential", "cosine"]

    /// Reads the options of `quanta train` for a catalog model.
    init(_ args: Arguments) throws {
        model = args.string("model") ?? "mlp"
        dataset = args.string("dataset") ?? "digits"
        epochs = try args.int("epochs", default: 10)
        batchSize = try args.int("batch-size")
        optimizer = args.string("optimizer") ?? "adam"
        guard Self.optimizers.contains(optimizer) else {
            throw UsageError("--optimizer must be one of \(Self.optimizers.joined(separator: ", ")) for --model \(model), "
                + "got '\(optimizer)'" + Suggestion.text(for: optimizer, among: Self.optimizers))
        }
        let defaultRate = ["sgd": 0.05, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 1e-3][optimizer] ?? 3e-3
        learningRate = try args.double("lr", default: defaultRate)
        weightDecay = try args.double("weight-decay", default: optimizer == "adamw" ? 0.01 : 0)
        schedule = try args.choice("schedule")
        warmup = try args.int("warmup")
        labelSmoothing = try args.double("label-smoothing")
        clipNorm = try args.doubleIfGiven("clip-norm")
        patience = try args.intIfGiven("patience")
        testFraction = try args.double("test-fraction")
        validationFraction = try args.double("validation-fraction")
        seed = try args.seed()
        hidden = try args.string("hidden").map(Self.widths)
        channels = try args.intIfGiven("channels")
    }

    /// "128,64" → [128, 64].
    static func widths(_ text: String) throws -> [Int] {
        let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.count == text.split(separator: ",").count, sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw UsageError("--hidden must be positive integers separated by commas, e.g. 128,64; got '\(text)'")
        }
        return sizes
    }

    /// The trainer: optimizer, per-step schedule, loss with label smoothing, norm clipping.
    func makeTrainer(_ model: Sequential<Float>, trainCount: Int) -> Trainer<Float> {
        let stepsPerEpoch = (trainCount + batchSize - 1) / batchSize
        let trainer = Trainer(model: model, optimizer: makeOptimizer(model.parameters), batchSize: batchSize,
                              schedule: makeSchedule(stepsPerEpoch: stepsPerEpoch), seed: seed)
        trainer.schedulePerStep = true
        trainer.loss = .softmaxCrossEntropy(labelSmoothing: labelSmoothing)
        trainer.gradientTransforms = clipNorm.map { [.clipNorm($0)] } ?? []
        return trainer
    }

    func makeOptimizer(_ parameters: [Variable<Float>]) -> any Optimizer<Float> {
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
    func makeSchedule(stepsPerEpoch: Int) -> any LearningRateSchedule {
        let total = Swift.max(1, epochs * stepsPerEpoch), warmupSteps = warmup * stepsPerEpoch
        let base: any LearningRateSchedule = switch schedule {
        case "step": StepSchedule(initial: learningRate, stepSize: Swift.max(1, total / 3), gamma: 0.1)
        case "exponential": ExponentialSchedule(initial: learningRate, gamma: 0.9, every: Double(stepsPerEpoch))
        case "cosine": CosineSchedule(initial: learningRate, totalSteps: Swift.max(1, total - warmupSteps))
        default: ConstantSchedule(learningRate)
        }
        return warmupSteps > 0 ? WarmupSchedule(base, warmupSteps: warmupSteps) : base
    }

    var metadata: [String: String] {
        get throws { [Self.metadataKey: String(decoding: try JSONEncoder().encode(self), as: UTF8.self)] }
    }

    static func stored(in metadata: [String: String], file: String) throws -> TrainConfig {
        guard let json = metadata[metadataKey], let config = try? JSONDecoder().decode(TrainConfig.self, from: Data(json.utf8)) else {
            throw SafeTensorsError(file: file, problem: "no readable \(metadataKey) metadata: cannot resume a run without its settings")
        }
        try checkStoredDataset(config.dataset, file: file)
        return config
    }

    /// A data set name read from checkpoint `file` must be registered: a damaged name is the
    /// file's fault (exit 1, naming it), not a usage error.
    static func checkStoredDataset(_ name: String, file: String) throws {
        guard !DatasetRegistry.names.contains(name.lowercased()) else { return }
        throw SafeTensorsError(file: file, problem: "the checkpoint names data set '\(name)', which is not registered "
            + "(known: \(DatasetRegistry.names.joined(separator: ", "))); --dataset NAME picks another")
    }
}

