import Foundation

/// One training run of a paper classifier.
public struct ClassifierRun: Sendable {
    /// Test accuracy (fraction) after training; NaN for a regression.
    public var testAccuracy = 0.0
    /// A regression's test mean squared error after training (nil for a classifier).
    public var testMeanSquaredError: Double?
    /// Test accuracy (a regression: mean squared error) after each epoch, when the settings
    /// evaluate every epoch.
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
    /// Asked after every batch (mini-batch runs) and before every start (runs by starts,
    /// L-BFGS): true stops the run with `TrainingInterrupted`, its checkpoint written.
    public var shouldStop: (() -> Bool)?
    /// Data-parallel training over these ranks (mini-batch runs only; see `Trainer.collective`).
    public var collective: (any Collective)?

    public init() {}
}

extension ClassifierExperiment {
    /// Builds the model from `seed` and trains it on `train` as the settings say (mini-batch
    /// through `Trainer.fit`, or full-batch L-BFGS), keeping the best of `restarts` starts by
    /// training loss. Returns the model and the run's numbers on `test`.
    public func train(seed: UInt64, train: LabeledData, test: LabeledData,
                      hooks: TrainingHooks = TrainingHooks()) throws -> (model: Sequential<Float>, run: ClassifierRun) {
        let s = settings
        let byStarts = s.optimizer == .lbfgs || (s.restarts > 1 && s.restartEpochs > 0)
        if byStarts, let collective = hooks.collective, collective.size > 1 {
            throw ReproductionError.invalidSetting(
                "data-parallel training shares mini-batches; this model trains by full-batch L-BFGS or restarts")
        }
        guard byStarts else {
            let model = try makeModel(seed: seed)
            return (model, try trainOnce(model, s, seed: seed, train: train, test: test, hooks: hooks))
        }
        return try trainByStarts(seed: seed, train: train, test: test, hooks: hooks)
    }

    /// Starts (seeds seed, seed + 1, …) trained one after another, the best by training loss
    /// kept and, when `restartEpochs` < `epochs`, trained on. A start is the unit of a
    /// checkpoint: each is deterministic from its seed, so `--resume` redoes the unfinished one
    /// and ends bit-identical to an uninterrupted run (L-BFGS keeps no resumable state inside).
    func trainByStarts(seed: UInt64, train: LabeledData, test: LabeledData,
                       hooks: TrainingHooks) throws -> (model: Sequential<Float>, run: ClassifierRun) {
        let s = settings
        let starts = s.restarts > 1 && s.restartEpochs > 0 ? s.restarts : 1
        var short = s
        if starts > 1 {
            short.epochs = Swift.min(s.restartEpochs, s.epochs)
            short.evaluateEveryEpoch = false
        }
        var (progress, best) = try resumedStarts(hooks)
        var bestRun: ClassifierRun?
        var quiet = TrainingHooks()
        quiet.onBatch = hooks.onBatch
        quiet.shouldStop = hooks.shouldStop
        for r in progress.completed..<starts {
            if hooks.shouldStop?() == true {
                throw TrainingInterrupted(epoch: progress.epochs, batch: 0, checkpoint: hooks.checkpoint)
            }
            let model = try makeModel(seed: seed &+ UInt64(r))
            // a file to resume from exists before the first start ends
            if r == 0 { try saveStarts(model, progress, hooks) }
            // of several starts only the kept one's test accuracy is wanted: finishStarts measures it once
            let run = try trainOnce(model, short, seed: seed &+ UInt64(r), train: train, test: starts == 1 ? test : nil,
                                    hooks: quiet)
            progress.trainSeconds += run.trainSeconds
            progress.epochs += run.epochsRun
            if progress.bestLoss.map({ run.finalLoss < $0 }) ?? true {
                (best, bestRun) = (model, run)
                progress.bestLoss = run.finalLoss
                progress.bestEpochs = run.epochsRun
            }
            progress.completed = r + 1
            try saveStarts(best!, progress, hooks)
        }
        return try finishStarts(best!, bestRun, progress, seed: seed, train: train, test: test, hooks: hooks)
    }

    /// The best start trained on for the remaining epochs (when restarts are shorter than the
    /// run), the final checkpoint, and the run's numbers.
    func finishStarts(_ best: Sequential<Float>, _ bestRun: ClassifierRun?, _ progress: StartProgress, seed: UInt64,
                      train: LabeledData, test: LabeledData, hooks: TrainingHooks) throws -> (model: Sequential<Float>, run: ClassifierRun) {
        var rest = settings
        rest.epochs = settings.restarts > 1 ? settings.epochs - settings.restartEpochs : 0
        var run = bestRun ?? ClassifierRun()
        if rest.epochs > 0 && !progress.finished {
            // one more unit: a kill inside it redoes it from the best start on resume
            var plain = hooks
            plain.resume = nil
            plain.checkpoint = nil
            run = try trainOnce(best, rest, seed: seed, train: train, test: test, hooks: plain)
            run.epochsRun += progress.epochs
            run.trainSeconds += progress.trainSeconds
        } else {
            run.epochsRun = progress.bestEpochs
            run.trainSeconds = progress.trainSeconds
            let measured = bestRun.map(\.testAccuracy).flatMap { $0.isNaN ? nil : $0 }
            if isRegression {
                run.testMeanSquaredError = bestRun?.testMeanSquaredError ?? testScore(best, test)
                run.testAccuracy = .nan
            } else {
                run.testAccuracy = measured ?? testScore(best, test)
            }
        }
        var done = progress
        done.finished = true
        try saveStarts(best, done, hooks)
        try hooks.onEpoch?(Self.lastRecord(run), isRegression ? nil : run.testAccuracy)
        return (best, run)
    }

    /// The progress and best model stored in the checkpoint to resume (none: a fresh start).
    func resumedStarts(_ hooks: TrainingHooks) throws -> (StartProgress, Sequential<Float>?) {
        guard let url = hooks.resume else { return (StartProgress(), nil) }
        let metadata = try Checkpoint.metadata(of: url)
        guard let json = metadata[StartProgress.metadataKey],
              let progress = try? JSONDecoder().decode(StartProgress.self, from: Data(json.utf8)) else {
            throw SafeTensorsError(file: url.path, problem: "no readable \(StartProgress.metadataKey) metadata: not a checkpoint of this run")
        }
        guard progress.completed > 0 else { return (progress, nil) }
        let model = try makeModel(seed: 0)
        try Checkpoint.load(into: model, from: url)
        return (progress, model)
    }

    /// Writes the best model so far with the progress, when the run has a checkpoint.
    func saveStarts(_ model: Sequential<Float>, _ progress: StartProgress, _ hooks: TrainingHooks) throws {
        guard let url = hooks.checkpoint else { return }
        var metadata = hooks.metadata
        metadata[StartProgress.metadataKey] = try SafeTensors.metadataJSON(progress)
        try Checkpoint.save(model: model, metadata: metadata, to: url)
    }

    /// A record of a finished run's last epoch (for progress after restarts).
    static func lastRecord(_ run: ClassifierRun) -> EpochRecord {
        EpochRecord(epoch: run.epochsRun, step: run.epochsRun, learningRate: 0, trainLoss: run.finalLoss,
                    trainAccuracy: .nan, seconds: run.trainSeconds, best: false)
    }

    /// One start: a `Trainer` over `model` with settings `s`; its test score when `test` is given.
    func trainOnce(_ model: Sequential<Float>, _ s: ClassifierSettings, seed: UInt64, train: LabeledData, test: LabeledData?,
                   hooks: TrainingHooks) throws -> ClassifierRun {
        let trainer = s.makeTrainer(model, trainCount: train.count, seed: seed, loss: loss)
        trainer.collective = hooks.collective
        if let adversarial = s.adversarial {
            // Paper models take their inputs as prepared (no standardisation): the attack moves them directly.
            let attack = try AdversarialTraining.attack(adversarial, bounds: AdversarialTraining.unitBounds(of: train.features))
            AdversarialTraining.install(attack, on: trainer, model: model)
        }
        var run = ClassifierRun()
        let measure = { test.map { testScore(model, $0) } }
        let onRecord: (EpochRecord) throws -> Void = { record in
            run.losses.append(record.trainLoss)
            run.trainSeconds += record.seconds
            let accuracy = s.evaluateEveryEpoch ? measure() : nil
            if let accuracy { run.testCurve.append(accuracy) }
            // the hooks report accuracies; a regression's score is in the run
            try hooks.onEpoch?(record, isRegression ? nil : accuracy)
        }
        if s.optimizer == .lbfgs {
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
            options.shouldStop = hooks.shouldStop
            try trainer.fit(train, options: options)
        }
        run.epochsRun = trainer.state.epoch + (trainer.state.batchInEpoch > 0 ? 1 : 0)
        let score = (s.evaluateEveryEpoch ? run.testCurve.last : nil) ?? measure() ?? .nan
        if isRegression {
            run.testMeanSquaredError = score
            run.testAccuracy = .nan
        } else {
            run.testAccuracy = score
        }
        return run
    }

    /// Accuracy (fraction) of `model` on `data`, or a regression's mean squared error.
    func testScore(_ model: Sequential<Float>, _ data: LabeledData) -> Double {
        isRegression ? evaluateRegression(model, data, batchSize: 2000).meanSquaredError
            : evaluate(model, data, batchSize: 2000).metrics.accuracy
    }

    /// The L-BFGS path, one record per iteration (training accuracy only when someone listens).
    func minimizeLBFGS(_ trainer: Trainer<Float>, _ s: ClassifierSettings, train: LabeledData, hooks: TrainingHooks,
                       onRecord: (EpochRecord) throws -> Void) throws {
        var last = Date()
        var failure: (any Error)?
        trainer.minimizeLBFGS(train, maxIterations: s.epochs) { step in
            let seconds = Date().timeIntervalSince(last)
            let listened = hooks.onEpoch != nil && !isRegression
            // NaN: not measured (a regression has none)
            let accuracy = listened ? evaluate(trainer.model, train, batchSize: 2000).metrics.accuracy : .nan
            let record = EpochRecord(epoch: step.iteration, step: step.iteration, learningRate: 0, trainLoss: step.loss,
                                     trainAccuracy: accuracy, seconds: seconds, best: false)
            hooks.onBatch?(step.iteration - 1, 0, 1, step.loss)
            do { try onRecord(record) } catch { failure = failure ?? error }
            last = Date()
        }
        if let failure { throw failure }
    }
}
