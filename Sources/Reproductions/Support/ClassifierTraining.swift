import Foundation

/// One training run of a paper classifier.
public struct ClassifierRun: Sendable {
    /// Test accuracy (fraction) after training.
    public var testAccuracy = 0.0
    /// Test accuracy after each epoch, when the settings evaluate every epoch.
    public var testCurve: [Double] = []
    /// Mean training loss of each epoch (L-BFGS: of each iteration).
    public var losses: [Double] = []
    /// The running training loss after every step, for runs counted in steps (Hur et al.'s 200).
    public var stepLosses: [Double] = []
    /// Wall time of training without evaluation, seconds.
    public var trainSeconds = 0.0
    /// Epochs (L-BFGS: iterations) run; a step limit inside an epoch counts it.
    public var epochsRun = 0

    /// Training loss of the last epoch.
    public var finalLoss: Double { losses.last ?? .infinity }
    /// Mean wall time of one epoch.
    public var epochSeconds: Double { trainSeconds / Double(Swift.max(epochsRun, 1)) }
}

/// What a caller adds to a training run: checkpoints, resume, progress.
public struct TrainingHooks {
    /// Written after every epoch, with `metadata`.
    public var checkpoint: URL?
    public var metadata: [String: String] = [:]
    /// A checkpoint of this run to continue from.
    public var resume: URL?
    /// After every batch: (epoch, batch, batches, running loss).
    public var onBatch: ((Int, Int, Int, Double) -> Void)?
    /// After every epoch (L-BFGS: iteration), with the test accuracy when it was evaluated.
    public var onEpoch: ((EpochRecord, Double?) throws -> Void)?

    public init() {}
}

extension ClassifierExperiment {
    /// Builds the model from `seed` and trains it on `train` as the settings say (mini-batch
    /// through `Trainer.fit`, or full-batch L-BFGS), keeping the best of `restarts` starts by
    /// training loss. Returns the model and the run's numbers on `test`.
    public func train(seed: UInt64, train: LabeledData, test: LabeledData,
                      hooks: TrainingHooks = TrainingHooks()) throws -> (model: Sequential<Float>, run: ClassifierRun) {
        let s = settings
        guard s.restarts > 1 && s.restartEpochs > 0 else {
            let model = try makeModel(seed: seed)
            return (model, try trainOnce(model, s, seed: seed, train: train, test: test, hooks: hooks))
        }
        var short = s
        short.epochs = Swift.min(s.restartEpochs, s.epochs)
        short.evaluateEveryEpoch = false
        var best: (model: Sequential<Float>, run: ClassifierRun)?
        var seconds = 0.0
        var epochs = 0
        for r in 0..<UInt64(s.restarts) {
            let model = try makeModel(seed: seed &+ r)
            let run = try trainOnce(model, short, seed: seed &+ r, train: train, test: test, hooks: TrainingHooks())
            seconds += run.trainSeconds
            epochs += run.epochsRun
            if best == nil || run.finalLoss < best!.run.finalLoss { best = (model, run) }
        }
        var rest = s
        rest.epochs = s.epochs - s.restartEpochs
        guard rest.epochs > 0 else {
            var run = best!.run
            run.trainSeconds = seconds
            try hooks.onEpoch?(Self.lastRecord(run), run.testAccuracy)
            if let url = hooks.checkpoint { try Checkpoint.save(model: best!.model, metadata: hooks.metadata, to: url) }
            return (best!.model, run)
        }
        var run = try trainOnce(best!.model, rest, seed: seed, train: train, test: test, hooks: hooks)
        run.trainSeconds += seconds
        run.epochsRun += epochs
        return (best!.model, run)
    }

    /// A record of a finished run's last epoch (for progress after restarts).
    static func lastRecord(_ run: ClassifierRun) -> EpochRecord {
        EpochRecord(epoch: run.epochsRun, step: run.epochsRun, learningRate: 0, trainLoss: run.finalLoss,
                    trainAccuracy: 0, seconds: run.trainSeconds, best: false)
    }

    /// One start: a `Trainer` over `model` with settings `s`.
    func trainOnce(_ model: Sequential<Float>, _ s: ClassifierSettings, seed: UInt64, train: LabeledData, test: LabeledData,
                   hooks: TrainingHooks) throws -> ClassifierRun {
        let trainer = s.makeTrainer(model, trainCount: train.count, seed: seed, loss: loss)
        var run = ClassifierRun()
        let testAccuracy = { evaluate(model, test, batchSize: 2000).metrics.accuracy }
        let onRecord: (EpochRecord) throws -> Void = { record in
            run.losses.append(record.trainLoss)
            run.trainSeconds += record.seconds
            let accuracy = s.evaluateEveryEpoch ? testAccuracy() : nil
            if let accuracy { run.testCurve.append(accuracy) }
            try hooks.onEpoch?(record, accuracy)
        }
        if s.optimizer == .lbfgs {
            guard hooks.resume == nil else {
                throw ReproductionError.invalidSetting("--resume is not supported for L-BFGS training (its curvature history is not checkpointed)")
            }
            try minimizeLBFGS(trainer, s, train: train, hooks: hooks, onRecord: onRecord)
        } else {
            if let url = hooks.resume { try trainer.resume(from: url) }
            var options = s.fitOptions(trainCount: train.count)
            options.checkpoint = hooks.checkpoint
            options.metadata = hooks.metadata
            options.onBatch = { epoch, batch, count, loss in
                if s.steps != nil { run.stepLosses.append(loss) }
                hooks.onBatch?(epoch, batch, count, loss)
            }
            options.onEpoch = onRecord
            try trainer.fit(train, options: options)
        }
        run.epochsRun = trainer.state.epoch + (trainer.state.batchInEpoch > 0 ? 1 : 0)
        run.testAccuracy = s.evaluateEveryEpoch && !run.testCurve.isEmpty ? run.testCurve.last! : testAccuracy()
        return run
    }

    /// The L-BFGS path, one record per iteration (training accuracy only when someone listens).
    func minimizeLBFGS(_ trainer: Trainer<Float>, _ s: ClassifierSettings, train: LabeledData, hooks: TrainingHooks,
                       onRecord: (EpochRecord) throws -> Void) throws {
        var last = Date()
        var failure: (any Error)?
        trainer.minimizeLBFGS(train, maxIterations: s.epochs) { step in
            let seconds = Date().timeIntervalSince(last)
            let accuracy = hooks.onEpoch == nil ? 0 : evaluate(trainer.model, train, batchSize: 2000).metrics.accuracy
            let record = EpochRecord(epoch: step.iteration, step: step.iteration, learningRate: 0, trainLoss: step.loss,
                                     trainAccuracy: accuracy, seconds: seconds, best: false)
            do { try onRecord(record) } catch { failure = failure ?? error }
            last = Date()
        }
        if let failure { throw failure }
        if let url = hooks.checkpoint { try trainer.saveCheckpoint(to: url, metadata: hooks.metadata) }
    }
}
