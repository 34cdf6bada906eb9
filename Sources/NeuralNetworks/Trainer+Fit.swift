import Foundation

/// What `Trainer.fit` should do besides training.
public struct FitOptions {
    /// Total epochs of the run (a resumed run continues up to this).
    public var epochs: Int
    /// Stop after this many optimizer steps in all, even inside an epoch (nil: no limit).
    public var maxSteps: Int?
    /// Evaluated after every epoch for best-model tracking and early stopping.
    public var validation: LabeledData?
    /// Written after every epoch (and every `checkpointEverySteps` steps); the best model by
    /// validation accuracy goes to the same name with `.best` before the extension.
    public var checkpoint: URL?
    public var checkpointEverySteps: Int?
    /// Stop after this many epochs without a better validation accuracy.
    public var earlyStoppingPatience: Int?
    /// Extra metadata stored in every checkpoint (for example the model's spec).
    public var metadata: [String: String] = [:]
    /// Called after every batch: (epoch 0-based, batch, batches, running loss).
    public var onBatch: ((Int, Int, Int, Double) -> Void)?
    /// Called after every epoch with its record.
    public var onEpoch: ((EpochRecord) throws -> Void)?
    /// Asked after every batch: true stops the run there, with a checkpoint when it has one
    /// (`TrainingInterrupted` is thrown).
    public var shouldStop: (() -> Bool)?

    public init(epochs: Int) { self.epochs = epochs }
}

/// One epoch's numbers, as written to the metrics JSON lines.
public struct EpochRecord: Sendable, Codable, Equatable {
    public var epoch: Int
    public var step: Int
    public var learningRate: Double
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var seconds: Double
    public var best: Bool

    public init(epoch: Int, step: Int, learningRate: Double, trainLoss: Double, trainAccuracy: Double,
                validationLoss: Double? = nil, validationAccuracy: Double? = nil, seconds: Double, best: Bool) {
        self.epoch = epoch
        self.step = step
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.seconds = seconds
        self.best = best
    }

    enum CodingKeys: String, CodingKey {
        case epoch, step, seconds, best
        case learningRate = "lr", trainLoss = "train_loss", trainAccuracy = "train_accuracy"
        case validationLoss = "val_loss", validationAccuracy = "val_accuracy"
    }

    /// Accuracies that do not exist (NaN: a regression run) are left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(epoch, forKey: .epoch)
        try c.encode(step, forKey: .step)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(trainLoss, forKey: .trainLoss)
        if trainAccuracy.isFinite { try c.encode(trainAccuracy, forKey: .trainAccuracy) }
        try c.encodeIfPresent(validationLoss, forKey: .validationLoss)
        if let validationAccuracy, validationAccuracy.isFinite { try c.encode(validationAccuracy, forKey: .validationAccuracy) }
        try c.encode(seconds, forKey: .seconds)
        try c.encode(best, forKey: .best)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try c.decode(Int.self, forKey: .epoch)
        step = try c.decode(Int.self, forKey: .step)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        trainLoss = try c.decode(Double.self, forKey: .trainLoss)
        trainAccuracy = try c.decodeIfPresent(Double.self, forKey: .trainAccuracy) ?? .nan
        validationLoss = try c.decodeIfPresent(Double.self, forKey: .validationLoss)
        validationAccuracy = try c.decodeIfPresent(Double.self, forKey: .validationAccuracy)
        seconds = try c.decode(Double.self, forKey: .seconds)
        best = try c.decode(Bool.self, forKey: .best)
    }
}

extension Trainer {
    /// The metadata key holding the JSON-encoded `TrainerState`.
    public static var stateKey: String { "quanta.trainer" }

    /// Trains until `options.epochs` epochs are complete (continuing a resumed run), with
    /// validation, best-model tracking, early stopping and checkpoints. Returns the epoch records.
    @discardableResult
    /// Throws `TrainingDataError` for an empty training set; an empty validation set counts as none.
    public func fit(_ train: LabeledData, options: FitOptions) throws -> [EpochRecord] {
        guard train.count > 0 else { throw TrainingDataError("no training samples: nothing to train on") }
        var records: [EpochRecord] = []
        stopSignal = options.shouldStop
        if let collective { synchronizeReplicas(collective) }
        while state.epoch < options.epochs && state.step < (options.maxSteps ?? .max) {
            let start = Date()
            let epoch = state.epoch
            let finished = try trainEpoch(train) { batch, count in
                options.onBatch?(epoch, batch, count, self.runningLoss)
                // before any checkpoint write: a diverged model must not replace a good file
                guard self.runningLoss.isFinite else {
                    throw TrainingDiverged(epoch: epoch, step: self.state.step, loss: self.runningLoss)
                }
                if let every = options.checkpointEverySteps, let url = options.checkpoint, self.state.step % every == 0 {
                    try self.saveCheckpoint(to: url, metadata: options.metadata)
                }
                let stop = self.collective == nil ? options.shouldStop?() == true : self.sharedStop
                if stop {
                    if let url = options.checkpoint { try self.saveCheckpoint(to: url, metadata: options.metadata) }
                    throw TrainingInterrupted(epoch: self.state.epoch, batch: self.state.batchInEpoch, checkpoint: options.checkpoint)
                }
                return self.state.step < (options.maxSteps ?? .max)
            }
            if let collective { try checkReplicas(collective) }
            // The step limit fell inside the epoch: its running numbers make the last record.
            let metrics = finished ?? partialEpoch()
            var record = EpochRecord(epoch: state.epoch + (finished == nil ? 1 : 0), step: state.step,
                                     learningRate: optimizer.learningRate, trainLoss: metrics.loss,
                                     trainAccuracy: metrics.accuracy, seconds: Date().timeIntervalSince(start), best: false)
            if let validation = options.validation, validation.count > 0 { validate(validation, into: &record) }
            if let url = options.checkpoint {
                try saveCheckpoint(to: url, metadata: options.metadata)
                if record.best { try saveCheckpoint(to: Self.bestURL(for: url), metadata: options.metadata) }
            }
            records.append(record)
            try options.onEpoch?(record)
            if let patience = options.earlyStoppingPatience, state.epochsWithoutImprovement >= patience { break }
        }
        return records
    }

    /// Evaluates `validation` into `record` and tracks the best epoch.
    /// The best epoch has the highest validation accuracy, or for regression the lowest loss
    /// (its score −loss is kept in `bestAccuracy`).
    func validate(_ validation: LabeledData, into record: inout EpochRecord) {
        let v = evaluate(validation)
        record.validationLoss = v.loss
        record.validationAccuracy = v.accuracy
        let score = validation.isRegression ? -v.loss : v.accuracy
        if state.bestEpoch == 0 || score > state.bestAccuracy {
            state.bestAccuracy = score
            state.bestEpoch = record.epoch
            state.epochsWithoutImprovement = 0
            record.best = true
        } else {
            state.epochsWithoutImprovement += 1
        }
    }

    /// The running numbers of an epoch that a step limit cut short.
    func partialEpoch() -> EpochMetrics {
        let seen = Double(Swift.max(state.seen, 1))
        return EpochMetrics(loss: state.lossSum / seen, accuracy: Double(state.correct) / seen, samples: state.seen)
    }

    /// `run.safetensors` → `run.best.safetensors`.
    public static func bestURL(for url: URL) -> URL {
        let ext = url.pathExtension.isEmpty ? "safetensors" : url.pathExtension
        return url.deletingPathExtension().appendingPathExtension("best").appendingPathExtension(ext)
    }

    /// Writes model, optimizer and trainer state (atomically); in a data-parallel run only
    /// rank 0 writes.
    public func saveCheckpoint(to url: URL, metadata: [String: String] = [:]) throws {
        guard collective?.isRoot ?? true else { return }
        var meta = metadata
        meta[Self.stateKey] = try SafeTensors.metadataJSON(state)
        try Checkpoint.save(model: model, optimizer: optimizer, metadata: meta, to: url)
    }

    /// Restores model, optimizer and trainer state from a checkpoint written by `saveCheckpoint`.
    /// Returns the checkpoint's metadata.
    @discardableResult
    public func resume(from url: URL) throws -> [String: String] {
        let metadata = try Checkpoint.metadata(of: url)
        guard let json = metadata[Self.stateKey],
              let restored = try? JSONDecoder().decode(TrainerState.self, from: Data(json.utf8)) else {
            throw SafeTensorsError(file: url.path, problem: "no trainer state in the metadata (not a training checkpoint?)")
        }
        if let problem = restored.problem {
            throw SafeTensorsError(file: url.path, problem: "\(Self.stateKey) \(problem)")
        }
        try Checkpoint.load(into: model, optimizer: optimizer, from: url)
        state = restored
        return metadata
    }
}
