import Foundation

/// The settings every classifier paper shares: data selection, sizes and the training recipe.
/// A paper's configuration holds one and adds its own fields; stored flat in checkpoints
/// ("quanta.recipe"), so the recipes written by earlier versions still decode.
public struct ClassifierSettings: Codable, Equatable, Sendable {
    /// The paper model's name (`quanta train --model`).
    public var model: String
    /// Registered data set, or a generated problem ("circle").
    public var dataset: String
    /// Original class labels kept, relabelled 0..<count.
    public var classes: [Int]
    /// Training samples (nil: all available).
    public var trainSize: Int?
    /// Test samples (nil: all available).
    public var testSize: Int?
    public var epochs: Int
    /// Optimizer steps in all instead of whole epochs, when set (Hur et al. train 200 steps).
    public var steps: Int?
    public var batchSize: Int
    public var learningRate: Double
    public var optimizer: PaperOptimizer
    /// Test accuracy after every epoch (learning curves), not only at the end.
    public var evaluateEveryEpoch = true
    /// Random initialisations (seeds seed, seed+1, …) trained `restartEpochs` each; the one
    /// with the lowest training loss (never the test data) goes on for the remaining epochs,
    /// or is kept when `restartEpochs` ≥ `epochs`. 1: a single start.
    public var restarts = 1
    public var restartEpochs = 0
    /// The length of the learning-rate schedule once a resumed run was extended (nil: the run's
    /// own `steps` or `epochs`): extending never reshapes the schedule.
    public var scheduleSteps: Int?
    public var scheduleEpochs: Int?
    /// Adversarial training ("fgsm:ε", "pgd:ε[:steps[:linf|l2]]"), nil for none.
    public var adversarial: String?

    /// The run extended to `newEpochs` epochs, its schedule keeping the stored length.
    public func extended(to newEpochs: Int) -> ClassifierSettings {
        var run = self
        if scheduleSteps == nil && scheduleEpochs == nil {
            run.scheduleSteps = steps
            run.scheduleEpochs = steps == nil ? epochs : nil
        }
        run.epochs = newEpochs
        run.steps = nil
        return run
    }

    public init(model: String, dataset: String, classes: [Int], trainSize: Int?, testSize: Int?, epochs: Int,
                steps: Int? = nil, batchSize: Int, learningRate: Double, optimizer: PaperOptimizer) {
        self.model = model
        self.dataset = dataset
        self.classes = classes
        self.trainSize = trainSize
        self.testSize = testSize
        self.epochs = epochs
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.optimizer = optimizer
    }

    /// The options every paper model takes from `quanta train`.
    public static let options = [
        ConfigOption("epochs", "N", "epochs (L-BFGS: iterations); replaces a step count"),
        ConfigOption("batch-size", "N", "samples per step"),
        ConfigOption("lr", "X", "learning rate"),
        ConfigOption("optimizer", "NAME", PaperOptimizer.allCases.map(\.rawValue).joined(separator: "|")),
        ConfigOption("train-size", "N", "training samples drawn"),
        ConfigOption("test-size", "N", "test samples drawn"),
        ConfigOption("adversarial", "SPEC", "adversarial training: fgsm:ε or pgd:ε[:steps[:linf|l2]]"),
    ]

    /// Applies the `options` given.
    public mutating func apply(_ o: ConfigOverrides) throws {
        epochs = try o.int("epochs", epochs, in: 1...100_000)
        if o.has("epochs") { steps = nil }
        batchSize = try o.int("batch-size", batchSize, in: 1...1_000_000)
        learningRate = try o.double("lr", learningRate, in: 1e-12...100)
        optimizer = try o.choice("optimizer", optimizer)
        if o.has("train-size") { trainSize = try o.int("train-size", 0, in: 1...10_000_000) }
        if o.has("test-size") { testSize = try o.int("test-size", 0, in: 1...10_000_000) }
        if o.has("adversarial") { adversarial = try o.adversarial("adversarial") }
        if adversarial != nil && optimizer == .lbfgs {
            throw ReproductionError.invalidSetting("--adversarial trains by mini-batches; \(model) uses full-batch L-BFGS")
        }
    }

    /// "adam lr 0.1, batch 2000, 500 epochs".
    public var trainingText: String {
        let length = optimizer == .lbfgs ? "≤ \(epochs) iterations" : steps.map { "\($0) steps" } ?? "\(epochs) epochs"
        let restartText = restarts > 1 ? ", best of \(restarts) starts" : ""
        return "\(optimizer.rawValue) lr \(learningRate), batch \(batchSize), \(length)\(restartText)"
    }

    enum CodingKeys: String, CodingKey {
        case model, dataset, classes, trainSize, testSize, epochs, steps, batchSize, learningRate, optimizer
        case evaluateEveryEpoch, restarts, restartEpochs, scheduleSteps, scheduleEpochs, adversarial
    }

    /// Fields added after the first release (`evaluateEveryEpoch`, `restarts`, `restartEpochs`)
    /// take their defaults when absent: older checkpoints were trained with exactly those.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        dataset = try c.decode(String.self, forKey: .dataset)
        classes = try c.decode([Int].self, forKey: .classes)
        trainSize = try c.decodeIfPresent(Int.self, forKey: .trainSize)
        testSize = try c.decodeIfPresent(Int.self, forKey: .testSize)
        epochs = try c.decode(Int.self, forKey: .epochs)
        steps = try c.decodeIfPresent(Int.self, forKey: .steps)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        optimizer = try c.decode(PaperOptimizer.self, forKey: .optimizer)
        evaluateEveryEpoch = try c.decodeIfPresent(Bool.self, forKey: .evaluateEveryEpoch) ?? true
        restarts = try c.decodeIfPresent(Int.self, forKey: .restarts) ?? 1
        restartEpochs = try c.decodeIfPresent(Int.self, forKey: .restartEpochs) ?? 0
        scheduleSteps = try c.decodeIfPresent(Int.self, forKey: .scheduleSteps)
        scheduleEpochs = try c.decodeIfPresent(Int.self, forKey: .scheduleEpochs)
        adversarial = try c.decodeIfPresent(String.self, forKey: .adversarial)
    }

    /// The first stored field outside what `quanta train` accepts (those `apply` does not
    /// read), or nil: a recipe from a file is checked before a model is built from it. A
    /// regression stores `classes` [0, 1, …] counting its target values (1 to 1000).
    public func problem(regression: Bool = false) -> String? {
        func bad(_ name: String, _ value: Any, _ range: String) -> String { "field '\(name)' = \(value) is not in \(range)" }
        if regression, classes != Array(0..<classes.count) || !(1...1000).contains(classes.count) {
            return bad("classes", classes, "[0, 1, …] of 1 to 1000 target values")
        }
        let distinct = Set(classes).count == classes.count && !classes.contains(where: { $0 < 0 })
        if !regression, classes.count < 2 || classes.count > 1000 || !distinct {
            return bad("classes", classes, "2 to 1000 distinct labels ≥ 0")
        }
        for (name, value) in [("trainSize", trainSize), ("testSize", testSize), ("steps", steps)] {
            if let value, !(1...10_000_000).contains(value) { return bad(name, value, "1...10000000") }
        }
        if !(1...1000).contains(restarts) { return bad("restarts", restarts, "1...1000") }
        if let adversarial, (try? AdversarialTraining.attack(adversarial)) == nil || optimizer == .lbfgs || regression {
            return bad("adversarial", adversarial, "fgsm:ε | pgd:ε[:steps[:linf|l2]] on a mini-batch classifier")
        }
        if !(0...100_000).contains(restartEpochs) { return bad("restartEpochs", restartEpochs, "0...100000") }
        for (name, value) in [("scheduleSteps", scheduleSteps), ("scheduleEpochs", scheduleEpochs)] {
            if let value, !(1...10_000_000).contains(value) { return bad(name, value, "1...10000000") }
        }
        return nil
    }
}
