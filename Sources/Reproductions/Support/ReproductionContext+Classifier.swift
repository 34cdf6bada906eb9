import Foundation

extension ReproductionContext {
    /// Trains `experiment` for each seed (seed s draws the data with s and the model with
    /// s + 1701) and folds the test accuracies (%) into a row; progress to `log`.
    func classifierRow<C: ClassifierExperiment>(_ label: String, _ experiment: C, reported: Reported,
                                                seeds count: Int? = nil) throws -> RowRun {
        var experiment = experiment
        experiment.settings.evaluateEveryEpoch = false
        return try overSeeds(label, metric: "test accuracy", reported: reported, seeds: count) { seed in
            let (train, test) = try experiment.prepare(dataDir: dataDir, seed: seed)
            let start = Date()
            let (_, run) = try experiment.train(seed: seed &+ 1701, train: train, test: test,
                                                hooks: progressHooks(label, seed: seed, epochs: experiment.settings))
            let seconds = Date().timeIntervalSince(start)
            log(String(format: "%@, seed %d: test accuracy %.2f%% (%d train / %d test, %.1f s)", label, seed,
                       100 * run.testAccuracy, train.count, test.count, seconds))
            return SeedRun(value: 100 * run.testAccuracy, seconds: seconds, curve: run.stepLosses.isEmpty ? run.losses : run.stepLosses)
        }
    }

    /// Logs epoch 1 and every fifth of the run (L-BFGS runs log only their end).
    func progressHooks(_ label: String, seed: UInt64, epochs settings: ClassifierSettings) -> TrainingHooks {
        var hooks = TrainingHooks()
        guard settings.optimizer != .lbfgs else { return hooks }
        let every = Swift.max(1, settings.epochs / 5)
        hooks.onEpoch = { record, _ in
            guard record.epoch == 1 || record.epoch % every == 0 || settings.epochs <= 10 else { return }
            self.log(String(format: "  %@ seed %d epoch %d: loss %.4f", label, seed, record.epoch, record.trainLoss))
        }
        return hooks
    }
}
