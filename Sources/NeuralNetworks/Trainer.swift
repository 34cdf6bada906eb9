/// Where a `Trainer` stands: enough to continue a run exactly where a checkpoint left it.
public struct TrainerState: Sendable, Codable, Equatable {
    /// Seed of the run: batch order of epoch e is a permutation drawn from (seed, e).
    public var seed: UInt64
    /// Completed epochs.
    public var epoch = 0
    /// Completed optimizer steps.
    public var step = 0
    /// Batches completed in the current (unfinished) epoch.
    public var batchInEpoch = 0
    /// Running sums of the current epoch: Σ loss·n, correct, seen.
    public var lossSum = 0.0, correct = 0, seen = 0
    /// Best validation accuracy so far and its epoch (1-based; 0 = none yet).
    public var bestAccuracy = -1.0, bestEpoch = 0
    /// Epochs since the best one.
    public var epochsWithoutImprovement = 0
}

/// The training loop: batches in a seeded order per epoch, a loss given as a value (softmax
/// cross-entropy by default), one optimizer step per batch with gradient transforms
/// (clipping) before it, a per-epoch or per-step learning-rate schedule, validation each
/// epoch with best-model tracking and early stopping, and checkpoints (see
/// `Trainer+Fit.swift`) that resume bit-identically. Full-batch L-BFGS is the other path
/// (`Trainer+LBFGS.swift`).
public final class Trainer<Scalar: TensorScalar> {
    public let model: any Layer<Scalar>
    public let optimizer: any Optimizer<Scalar>
    public var schedule: (any LearningRateSchedule)?
    /// Whether `schedule` counts epochs (default) or optimizer steps.
    public var schedulePerStep = false
    public var batchSize: Int
    /// What each step minimises.
    public var loss: Loss<Scalar> = .softmaxCrossEntropy()
    /// Applied in order to the gradients before each optimizer step.
    public var gradientTransforms: [GradientTransform<Scalar>] = []
    /// Adversarial training: when set, every classification step trains on the batch and on the
    /// examples this returns for it (batch [n, …], its labels, the step number for seeding),
    /// with the same labels — e.g. `AdversarialAttack.perturb` of the current model.
    public var adversarialExamples: ((_ batch: Tensor<Scalar>, _ labels: [Int], _ step: Int) -> Tensor<Scalar>)?
    /// Whether each epoch visits the samples in a seeded random order (else in order, as the
    /// recurrent-network papers' codes do).
    public var shuffles = true
    /// Progress of the run (saved in checkpoints).
    public var state: TrainerState
    /// Data-parallel training (`Trainer+DataParallel.swift`): when set, each rank of the
    /// collective takes its share of every batch and the gradients are summed across ranks.
    public var collective: (any Collective)?
    /// Set when a rank asked the data-parallel run to stop (all ranks learn it in the same step).
    var sharedStop = false
    /// This rank's wish to stop (`FitOptions.shouldStop`), shared in each data-parallel step.
    var stopSignal: (() -> Bool)?
    /// The learning rate the optimizer had at construction, used when there is no schedule.
    let baseLearningRate: Double

    public init(model: any Layer<Scalar>, optimizer: any Optimizer<Scalar>, batchSize: Int,
                schedule: (any LearningRateSchedule)? = nil, seed: UInt64 = 0) {
        precondition(batchSize > 0, "Trainer: batch size must be positive")
        self.model = model; self.optimizer = optimizer; self.batchSize = batchSize
        self.schedule = schedule
        state = TrainerState(seed: seed)
        baseLearningRate = optimizer.learningRate
    }

    /// The batches of `epoch` (0-based): a permutation of 0..<count drawn from (seed, epoch)
    /// (the identity unless `shuffles`), cut into `batchSize` pieces. Depends on nothing else, so a resumed run sees the same order.
    /// A batch that holds all samples keeps their order (full-batch training).
    public func batches(epoch: Int, count: Int) -> [[Int]] {
        guard batchSize < count else { return [Array(0..<count)] }
        guard shuffles else { return stride(from: 0, to: count, by: batchSize).map { Array($0..<Swift.min($0 + batchSize, count)) } }
        var rng = RandomGenerator(seed: state.seed ^ (UInt64(epoch + 1) &* 0x9E37_79B9_7F4A_7C15))
        let order = rng.permutation(count)
        return stride(from: 0, to: count, by: batchSize).map { Array(order[$0..<Swift.min($0 + batchSize, count)]) }
    }

    /// One optimizer step on a batch; returns its mean loss and the number classified correctly
    /// (0 for a regression batch, given by `targets`).
    public func trainStep(_ x: Tensor<Scalar>, labels: [Int], targets: Tensor<Scalar>? = nil) -> (loss: Double, correct: Int) {
        optimizer.zeroGrad()
        let result = accumulateGradients(x, labels: labels, targets: targets)
        for transform in gradientTransforms { transform(optimizer.parameters) }
        optimizer.step()
        state.step += 1
        return result
    }

    /// The step on the samples `indices` of `data`.
    func trainStep(_ indices: [Int], data: LabeledData) -> (loss: Double, correct: Int) {
        let batch = self.batch(indices, of: data)
        return trainStep(batch.x, labels: batch.labels, targets: batch.targets)
    }

    /// The samples `indices` of `data` as this trainer's scalars.
    func batch(_ indices: [Int], of data: LabeledData) -> (x: Tensor<Scalar>, labels: [Int], targets: Tensor<Scalar>?) {
        let x = Tensor<Scalar>(converting: data.features.gatherRows(indices))
        let targets = data.targets.map { Tensor<Scalar>(converting: $0.gatherRows(indices)) }
        return (x, data.isRegression ? [] : indices.map { data.labels[$0] }, targets)
    }

    /// Forward and backward on a batch in training mode (with its adversarial examples when
    /// `adversarialExamples` is set), adding to the parameters' gradients. Returns the mean
    /// loss and how many of the clean samples were classified correctly.
    func accumulateGradients(_ x: Tensor<Scalar>, labels: [Int], targets: Tensor<Scalar>?) -> (loss: Double, correct: Int) {
        var input = x
        var all = labels
        if let adversarialExamples, targets == nil, !labels.isEmpty {
            input = Tensor.concatenated([x, adversarialExamples(x, labels, state.step)], axis: 0)
            all = labels + labels
        }
        model.isTraining = true
        let logits = model(Variable(input))
        let loss = targets.map { self.loss(logits, targets: $0) } ?? self.loss(logits, labels: all)
        loss.backward()
        let correct = Swift.zip(logits.value.argmax(axis: 1).prefix(labels.count), labels).filter { $0 == $1 }.count
        return (Double(loss.value.scalar), correct)
    }

    /// Sets the optimizer's learning rate for the current epoch or step.
    func applySchedule() {
        optimizer.learningRate = schedule?.learningRate(at: schedulePerStep ? state.step : state.epoch) ?? baseLearningRate
    }

    /// Runs the rest of the current epoch (from `state.batchInEpoch`); `afterBatch` sees
    /// (batch index, batch count) after each step and may return false to stop early.
    @discardableResult
    public func trainEpoch(_ data: LabeledData, afterBatch: (Int, Int) throws -> Bool = { _, _ in true }) rethrows -> EpochMetrics? {
        applySchedule()
        let all = batches(epoch: state.epoch, count: data.count)
        while state.batchInEpoch < all.count {
            let indices = all[state.batchInEpoch]
            if schedulePerStep { applySchedule() }
            let result = collective.map { trainSharedStep(indices, data: data, collective: $0) }
                ?? trainStep(indices, data: data)
            state.lossSum += result.loss * Double(indices.count)
            state.correct += result.correct
            state.seen += indices.count
            state.batchInEpoch += 1
            if try !afterBatch(state.batchInEpoch - 1, all.count) { return nil }
        }
        let seen = Double(Swift.max(state.seen, 1))
        let accuracy = data.isRegression ? Double.nan : Double(state.correct) / seen
        let metrics = EpochMetrics(loss: state.lossSum / seen, accuracy: accuracy, samples: state.seen)
        state.epoch += 1
        state.batchInEpoch = 0; state.lossSum = 0; state.correct = 0; state.seen = 0
        return metrics
    }

    /// Running mean loss of the current epoch.
    public var runningLoss: Double { state.lossSum / Double(Swift.max(state.seen, 1)) }

    /// Loss and accuracy in evaluation mode, in batches, without a graph (regression: the
    /// mean squared error, accuracy NaN).
    public func evaluate(_ data: LabeledData) -> EpochMetrics {
        if let collective, collective.size > 1, !data.isRegression { return evaluateShared(data, collective: collective) }
        guard data.isRegression else { return NeuralNetworks.evaluate(model, data, batchSize: Swift.max(batchSize, 256)).metrics }
        let report = evaluateRegression(model, data, batchSize: Swift.max(batchSize, 256))
        return EpochMetrics(loss: report.meanSquaredError, accuracy: .nan, samples: report.samples)
    }
}
