/// Evaluation of a classifier: loss, accuracy, per-class accuracy and the confusion matrix.
public struct ClassificationReport: Sendable, Codable, Equatable {
    public var metrics: EpochMetrics
    /// confusion[true][predicted] counts.
    public var confusion: [[Int]]
    /// Accuracy within each true class (nil for a class with no samples).
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { c, row in
            let total = row.reduce(0, +)
            return total == 0 ? nil : Double(row[c]) / Double(total)
        }
    }
}

/// Evaluates `model` in evaluation mode over `data` in batches, without recording a graph.
/// Cost: one forward pass over the data.
/// `loss` is the one reported (softmax cross-entropy unless the model trains with another).
public func evaluate<Scalar: TensorScalar>(_ model: any Layer<Scalar>, _ data: LabeledData, batchSize: Int = 256,
                                           loss: Loss<Float> = .softmaxCrossEntropy()) -> ClassificationReport {
    let wasTraining = model.isTraining
    model.isTraining = false
    defer { model.isTraining = wasTraining }
    return evaluate(data, batchSize: batchSize, loss: loss) { x in Tensor<Float>(converting: model(Variable(Tensor<Scalar>(converting: x))).value) }
}

/// Evaluates any classifier given as a batch function features [n, …] → logits [n, classes]
/// (a float model, an integer model, …): loss, accuracy, per-class accuracy, confusion matrix.
public func evaluate(_ data: LabeledData, batchSize: Int = 256, loss: Loss<Float> = .softmaxCrossEntropy(),
                     logits predict: (Tensor<Float>) -> Tensor<Float>) -> ClassificationReport {
    var lossSum = 0.0, correct = 0
    var confusion: [[Int]] = []
    for start in stride(from: 0, to: data.count, by: batchSize) {
        let indices = Array(start..<Swift.min(start + batchSize, data.count))
        let logits = predict(data.features.gatherRows(indices))
        let labels = indices.map { data.labels[$0] }
        lossSum += Double(loss(Variable(logits), labels: labels).value.scalar) * Double(indices.count)
        let classes = logits.shape[1]
        if confusion.isEmpty { confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes) }
        for (predicted, label) in Swift.zip(logits.argmax(axis: 1), labels) {
            confusion[label][predicted] += 1
            if predicted == label { correct += 1 }
        }
    }
    let n = Double(Swift.max(data.count, 1))
    return ClassificationReport(metrics: EpochMetrics(loss: lossSum / n, accuracy: Double(correct) / n, samples: data.count),
                                confusion: confusion)
}
