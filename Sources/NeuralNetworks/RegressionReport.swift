/// How well a model's outputs match real-valued targets.
public struct RegressionReport: Sendable, Codable, Equatable {
    public var samples: Int
    /// Mean over samples and outputs of (output − target)².
    public var meanSquaredError: Double
    public var meanAbsoluteError: Double
    /// 1 − SSE/SST over all outputs (1: perfect, 0: no better than the mean).
    public var r2: Double
    public var rootMeanSquaredError: Double { meanSquaredError.squareRoot() }
    /// NMSE = SSE/SST = MSE / Var(targets) = 1 − R² (0: perfect, 1: no better than the mean).
    public var normalizedMeanSquaredError: Double { 1 - r2 }

    /// The errors of `predicted` against `truth` (the same length) over all values; `samples`
    /// counts the rows they come from (nil: one value each).
    public init(predicted: [Double], truth: [Double], samples: Int? = nil) {
        precondition(predicted.count == truth.count, "RegressionReport: \(predicted.count) predictions for \(truth.count) values")
        let n = Double(Swift.max(truth.count, 1))
        let mean = truth.reduce(0, +) / n
        var sse = 0.0, sae = 0.0, sst = 0.0
        for (p, t) in Swift.zip(predicted, truth) {
            sse += (p - t) * (p - t)
            sae += abs(p - t)
            sst += (t - mean) * (t - mean)
        }
        self.init(samples: samples ?? truth.count, meanSquaredError: sse / n, meanAbsoluteError: sae / n,
                  r2: sst > 0 ? 1 - sse / sst : 0)
    }

    public init(samples: Int, meanSquaredError: Double, meanAbsoluteError: Double, r2: Double) {
        self.samples = samples
        self.meanSquaredError = meanSquaredError
        self.meanAbsoluteError = meanAbsoluteError
        self.r2 = r2
    }
}

/// Evaluates `model` on regression `data` in evaluation mode, in batches; `scale` maps
/// outputs and targets back to the data's units (standardised targets) before measuring.
public func evaluateRegression<Scalar: TensorScalar>(_ model: any Layer<Scalar>, _ data: LabeledData, batchSize: Int = 256,
                                                     scale: (mean: Double, std: Double) = (0, 1)) -> RegressionReport {
    let wasTraining = model.isTraining
    model.isTraining = false
    defer { model.isTraining = wasTraining }
    return evaluateRegression(data, batchSize: batchSize, scale: scale) { batch in
        Tensor<Float>(converting: model(Variable(Tensor<Scalar>(converting: batch))).value)
    }
}

/// `evaluateRegression` for any batch function samples [n, …] → outputs [n, width] (a
/// quantized or rebuilt model), with `width` the targets' width.
public func evaluateRegression(_ data: LabeledData, batchSize: Int = 256, scale: (mean: Double, std: Double) = (0, 1),
                               outputs: (Tensor<Float>) -> Tensor<Float>) -> RegressionReport {
    precondition(data.isRegression, "evaluateRegression needs targets")
    let targets = data.targets!
    let width = targets.shape[1]
    var predictions: [Double] = []
    predictions.reserveCapacity(targets.count)
    for start in stride(from: 0, to: data.count, by: batchSize) {
        let rows = Array(start..<Swift.min(start + batchSize, data.count))
        let output = outputs(data.features.gatherRows(rows))
        precondition(output.count == rows.count * width, "the model gives \(output.shape) for targets of width \(width)")
        predictions += output.scalars.map { Double($0) }
    }
    let truth = targets.scalars.map { Double($0) * scale.std + scale.mean }
    let predicted = predictions.map { $0 * scale.std + scale.mean }
    return RegressionReport(predicted: predicted, truth: truth, samples: data.count)
}
