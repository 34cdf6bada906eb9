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

    /// Reads the options of `quanta train`.
    init(_ args: Arguments) throws {
        model = try args.choice("model", default: "mlp", from: ModelCatalog.names)
        dataset = args.string("dataset") ?? "digits"
        epochs = try args.int("epochs", default: 10, in: 1...100_000)
        batchSize = try args.int("batch-size", default: 32, in: 1...1_000_000)
        optimizer = try args.choice("optimizer", default: "adam", from: Self.optimizers)
        let defaultRate = ["sgd": 0.05, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 1e-3][optimizer] ?? 3e-3
        learningRate = try args.double("lr", default: defaultRate, in: 1e-12...100)
        weightDecay = try args.double("weight-decay", default: optimizer == "adamw" ? 0.01 : 0, in: 0...10)
        schedule = try args.choice("schedule", default: "cosine", from: Self.schedules)
        warmup = try args.int("warmup", default: 0, in: 0...100_000)
        labelSmoothing = try args.double("label-smoothing", default: 0, in: 0...0.99)
        clipNorm = args.string("clip-norm") == nil ? nil : try args.double("clip-norm", default: 1, in: 1e-9...1e9)
        patience = args.string("patience") == nil ? nil : try args.int("patience", default: 1, in: 1...100_000)
        testFraction = try args.double("test-fraction", default: 0.2, in: 0.01...0.9)
        validationFraction = try args.double("validation-fraction", default: 0.05, in: 0...0.9)
        seed = try args.seed()
        hidden = try args.string("hidden").map { text in
            let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.count == text.split(separator: ",").count, sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
                throw UsageError("--hidden must be positive integers separated by commas, e.g. 128,64; got '\(text)'")
            }
            return sizes
        }
        channels = args.string("channels") == nil ? nil : try args.int("channels", default: 16, in: 1...4096)
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

