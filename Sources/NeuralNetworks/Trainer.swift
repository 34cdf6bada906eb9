/// Metrics of one pass over a data set.
public struct EpochMetrics: Sendable, Codable, Equatable {
    /// Mean loss per sample.
    public var loss: Double
    /// Fraction classified correctly.
    public var accuracy: Double
    /// Samples seen.
    public var samples: Int
}

/// The classification training loop: seeded shuffled mini-batches, one optimizer step per
/// batch, softmax cross-entropy, an optional learning-rate schedule stepped per epoch, and
/// batched evaluation without recording a graph.
///
/// `features` is [N, …] (the model's input shape after the batch axis); labels are N ints.
public final class Trainer<Scalar: TensorScalar> {
    public let model: any Layer<Scalar>
    public let optimizer: any Optimizer<Scalar>
    public var schedule: (any LearningRateSchedule)?
    public var batchSize: Int
    public var labelSmoothing: Double = 0
    /// Clip the gradients' joint norm to this before each step, when set.
    public var maxGradientNorm: Double?
    /// Drives the shuffling; saved in checkpoints so a resumed run sees the same order.
    public var rng: RandomGenerator
    /// Completed epochs.
    public var epoch = 0
    /// Completed optimizer steps.
    public var step = 0

    public init(model: any Layer<Scalar>, optimizer: any Optimizer<Scalar>, batchSize: Int,
                schedule: (any LearningRateSchedule)? = nil, seed: UInt64 = 0) {
        precondition(batchSize > 0, "Trainer: batch size must be positive")
        self.model = model; self.optimizer = optimizer; self.batchSize = batchSize
        self.schedule = schedule
        rng = RandomGenerator(seed: seed)
    }

    /// The batches of one epoch: a seeded permutation of 0..<count cut into `batchSize` pieces.
    public func epochBatches(count: Int) -> [[Int]] {
        let order = rng.permutation(count)
        return stride(from: 0, to: count, by: batchSize).map { Array(order[$0..<Swift.min($0 + batchSize, count)]) }
    }

    /// One optimizer step on a batch; returns its mean loss and number correct.
    public func trainStep(_ x: Tensor<Scalar>, labels: [Int]) -> (loss: Double, correct: Int) {
        model.isTraining = true
        let logits = model(Variable(x))
        let loss = softmaxCrossEntropy(logits, labels: labels, labelSmoothing: labelSmoothing)
        optimizer.zeroGrad()
        loss.backward()
        if let maxGradientNorm { clipGradients(optimizer.parameters, maxNorm: maxGradientNorm) }
        optimizer.step()
        step += 1
        let correct = Swift.zip(logits.value.argmax(axis: 1), labels).filter { $0 == $1 }.count
        return (Double(loss.value.scalar), correct)
    }

    /// One epoch over the data; `onBatch` sees (batch index, batch count, running mean loss).
    @discardableResult
    public func trainEpoch(features: Tensor<Float>, labels: [Int],
                           onBatch: ((Int, Int, Double) -> Void)? = nil) -> EpochMetrics {
        if let schedule { optimizer.learningRate = schedule.learningRate(at: epoch) }
        let batches = epochBatches(count: labels.count)
        var lossSum = 0.0, correct = 0, seen = 0
        for (b, indices) in batches.enumerated() {
            let x = Tensor<Scalar>(converting: features.gatherRows(indices))
            let result = trainStep(x, labels: indices.map { labels[$0] })
            lossSum += result.loss * Double(indices.count); correct += result.correct; seen += indices.count
            onBatch?(b, batches.count, lossSum / Double(seen))
        }
        epoch += 1
        return EpochMetrics(loss: lossSum / Double(Swift.max(seen, 1)), accuracy: Double(correct) / Double(Swift.max(seen, 1)), samples: seen)
    }

    /// Loss and accuracy in evaluation mode, in batches, without a graph.
    public func evaluate(features: Tensor<Float>, labels: [Int]) -> EpochMetrics {
        NeuralNetworks.evaluate(model, features: features, labels: labels, batchSize: Swift.max(batchSize, 256))
    }
}

/// Loss and accuracy of `model` in evaluation mode, in batches, without a graph.
public func evaluate<Scalar: TensorScalar>(_ model: any Layer<Scalar>, features: Tensor<Float>, labels: [Int], batchSize: Int = 256) -> EpochMetrics {
    let wasTraining = model.isTraining
    model.isTraining = false
    defer { model.isTraining = wasTraining }
    var lossSum = 0.0, correct = 0
    for start in stride(from: 0, to: labels.count, by: batchSize) {
        let indices = Array(start..<Swift.min(start + batchSize, labels.count))
        let logits = model(Variable(Tensor<Scalar>(converting: features.gatherRows(indices))))
        let batchLabels = indices.map { labels[$0] }
        lossSum += Double(softmaxCrossEntropy(logits, labels: batchLabels).value.scalar) * Double(indices.count)
        correct += Swift.zip(logits.value.argmax(axis: 1), batchLabels).filter { $0 == $1 }.count
    }
    let n = Double(Swift.max(labels.count, 1))
    return EpochMetrics(loss: lossSum / n, accuracy: Double(correct) / n, samples: labels.count)
}

extension Tensor {
    /// The same values in another scalar type (Float ↔ Double); no copy when the types match.
    public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        if let same = other as? Tensor<Scalar> { self = same; return }
        self.init(shape: other.shape, scalars: other.scalars.map { Scalar($0) })
    }
}
