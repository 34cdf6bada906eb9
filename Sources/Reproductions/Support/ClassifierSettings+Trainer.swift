import Foundation

extension ClassifierSettings {
    /// Steps per epoch over `trainCount` samples.
    func stepsPerEpoch(trainCount: Int) -> Int {
        let batch = Swift.max(1, Swift.min(batchSize, trainCount))
        return (trainCount + batch - 1) / batch
    }

    /// Epochs the trainer runs: `epochs`, or as many as `steps` needs.
    func fitEpochs(trainCount: Int) -> Int {
        guard let steps else { return epochs }
        let perEpoch = stepsPerEpoch(trainCount: trainCount)
        return (steps + perEpoch - 1) / perEpoch
    }

    /// The `Trainer` for `model` on `trainCount` samples: the optimizer, its per-step schedule
    /// and gradient clipping as `optimizer` names them, batches drawn from `seed`.
    public func makeTrainer(_ model: Sequential<Float>, trainCount: Int, seed: UInt64, loss: Loss<Float>) -> Trainer<Float> {
        let parameters = model.parameters
        let optimizer: any Optimizer<Float> = self.optimizer == .nesterov
            ? SGD(parameters, learningRate: learningRate, momentum: 0.9, nesterov: true)
            : Adam(parameters, learningRate: learningRate)
        let batch = Swift.max(1, Swift.min(batchSize, trainCount))
        let trainer = Trainer(model: model, optimizer: optimizer, batchSize: batch, schedule: schedule(trainCount: trainCount),
                              seed: seed)
        trainer.schedulePerStep = true
        trainer.loss = loss
        if self.optimizer == .adamClipDecay { trainer.gradientTransforms = [.clipValue(1)] }
        return trainer
    }

    /// lr·0.99^(step/100) for adam-clip-decay, a cosine over the run for adam-cosine, else none.
    func schedule(trainCount: Int) -> (any LearningRateSchedule)? {
        switch optimizer {
        case .adamClipDecay:
            return ExponentialSchedule(initial: learningRate, gamma: 0.99, every: 100)
        case .adamCosine:
            let total = scheduleSteps ?? steps ?? (scheduleEpochs ?? epochs) * stepsPerEpoch(trainCount: trainCount)
            return CosineSchedule(initial: learningRate, totalSteps: Swift.max(total, 1))
        default:
            return nil
        }
    }

    /// `FitOptions` for the whole run: its epochs and step limit.
    public func fitOptions(trainCount: Int) -> FitOptions {
        var options = FitOptions(epochs: fitEpochs(trainCount: trainCount))
        options.maxSteps = steps
        return options
    }
}
