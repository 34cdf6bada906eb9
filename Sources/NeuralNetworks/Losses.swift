/// Softmax cross-entropy, mean over the batch: −(1/N) Σ_n Σ_c q_nc · log softmax(z_n)_c,
/// with q the one-hot label smoothed to (1−ε)·onehot + ε/C. logits [N, C], labels N ints in 0..<C.
public func softmaxCrossEntropy<Scalar>(_ logits: Variable<Scalar>, labels: [Int], labelSmoothing: Double = 0) -> Variable<Scalar> {
    precondition(logits.value.rank == 2 && logits.shape[0] == labels.count,
                 "softmaxCrossEntropy: logits \(logits.shape) vs \(labels.count) labels")
    let (n, c) = (logits.shape[0], logits.shape[1])
    let off = Scalar(labelSmoothing / Double(c)), on = Scalar(1 - labelSmoothing) + off
    var target = [Scalar](repeating: off, count: n * c)
    for (i, label) in labels.enumerated() {
        precondition(label >= 0 && label < c, "softmaxCrossEntropy: label \(label) outside 0..<\(c)")
        target[i * c + label] = on
    }
    let logp = logits.logSoftmax(axis: 1)
    return (logp * Tensor(shape: [n, c], scalars: target)).sum() * (-1 / Scalar(n))
}

/// Mean squared error: (1/count) Σ (ŷ − y)².
public func meanSquaredError<Scalar>(_ prediction: Variable<Scalar>, _ target: Tensor<Scalar>) -> Variable<Scalar> {
    precondition(prediction.shape == target.shape, "meanSquaredError: prediction \(prediction.shape) vs target \(target.shape)")
    return (prediction - target).squared().mean()
}

/// Binary cross-entropy on logits, mean: max(z,0) − z·y + log(1 + e^{−|z|}) (stable form).
public func binaryCrossEntropyWithLogits<Scalar>(_ logits: Variable<Scalar>, _ targets: Tensor<Scalar>) -> Variable<Scalar> {
    precondition(logits.shape == targets.shape, "binaryCrossEntropyWithLogits: logits \(logits.shape) vs targets \(targets.shape)")
    let softplusTail = ((-logits.abs()).exp() + 1).log()
    return (logits.relu() - logits * targets + softplusTail).mean()
}

/// Fraction of rows whose arg-max equals the label.
public func accuracy<Scalar>(_ logits: Tensor<Scalar>, labels: [Int]) -> Double {
    guard !labels.isEmpty else { return 0 }
    let predicted = logits.argmax(axis: 1)
    return Double(Swift.zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
}
