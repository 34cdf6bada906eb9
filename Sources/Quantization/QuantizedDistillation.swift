import Foundation

/// Polino, Pascanu, Alistarh, "Model compression via distillation and quantization" (ICLR 2018;
/// papers.md §C9). Quantized distillation: a student keeps float shadow weights, computes with
/// them quantized (affine min–max per bucket of consecutive weights along each row, `bits` bits)
/// and learns from the loss (1 − α)·CE(labels) + α·T²·CE(softmax(teacher/T), softmax(student/T)),
/// gradients passing straight through the rounding to the shadow weights. Differentiable
/// quantization (`learnPoints`): with the weights fixed, the 2^b quantization points of each
/// layer move by gradient descent on the same loss, every weight using its nearest point.
public struct QuantizedDistillation: Sendable {
    public var bits = 4
    /// Weights per min–max bucket along a row (the row, when shorter).
    public var bucketSize = 256
    public var temperature: Float = 5
    /// α, the share of the teacher term (0: hard labels only, no teacher needed).
    public var softWeight: Float = 0.7
    public var epochs = 5
    public var learningRate = 1e-3
    public var batchSize = 64
    public var seed: UInt64 = 0

    public init() {}

    /// The scheme of a weight with `columns` entries per row: unsigned affine per group.
    public func scheme(columns: Int) throws -> QuantizationScheme {
        try QuantizationScheme(bits: bits, signed: false, symmetric: false,
                               granularity: .perGroup(size: Swift.max(1, Swift.min(bucketSize, columns))))
    }

    /// The distillation loss on outputs against targets [N, classes + 1]: the teacher's logits,
    /// then the label as a number. With α = 0 the teacher columns are ignored.
    public func loss(classes: Int) -> Loss<Float> {
        let (t, alpha) = (temperature, softWeight)
        return Loss("distillation", targets: { output, targets in
            let n = output.shape[0]
            let labels = (0..<n).map { Int(targets.scalars[$0 * (classes + 1) + classes]) }
            let hard = softmaxCrossEntropy(output, labels: labels)
            guard alpha > 0 else { return hard }
            let teacher = Variable(targets.sliced([0..<n, 0..<classes]) * (1 / t)).softmax(axis: 1)
            let soft = -(teacher * (output * (1 / t)).logSoftmax(axis: 1)).sum() * (t * t / Float(n))
            return hard * (1 - alpha) + soft * alpha
        })
    }

    /// Targets for `loss`: teacher logits [N, classes] (or zeros) beside the labels.
    public static func targets(labels: [Int], classes: Int, teacherLogits: Tensor<Float>?) -> Tensor<Float> {
        var values = [Float](repeating: 0, count: labels.count * (classes + 1))
        for (i, label) in labels.enumerated() {
            if let teacherLogits {
                for c in 0..<classes { values[i * (classes + 1) + c] = teacherLogits.scalars[i * classes + c] }
            }
            values[i * (classes + 1) + classes] = Float(label)
        }
        return Tensor(shape: [labels.count, classes + 1], scalars: values)
    }

    /// Trains `student` in place with its Linear/Conv2D weights quantized in every forward pass
    /// (`FakeQuantAffine`, min–max per bucket, STE); `teacherLogits` [N, classes] of the training
    /// images (nil: hard labels only). `onEpoch(epoch, loss)`.
    public func train(_ student: Sequential<Float>, data: LabeledData, teacherLogits: Tensor<Float>?,
                      onEpoch: ((Int, Double) -> Void)? = nil) throws {
        let classes = (data.labels.max() ?? 0) + 1
        let wrapped = try student.mappingLeaves { _, leaf -> (any Layer<Float>)? in
            if let linear = leaf as? Linear<Float> {
                return FakeQuantAffine(linear: linear, scheme: try scheme(columns: linear.weight.shape[1]), quantizer: .minmax)
            }
            if let conv = leaf as? Conv2D<Float> {
                let columns = conv.weight.value.count / conv.weight.shape[0]
                return FakeQuantAffine(conv: conv, scheme: try scheme(columns: columns), quantizer: .minmax)
            }
            return nil
        }
        try fit(wrapped, data: data, teacherLogits: teacherLogits, classes: classes, parameters: wrapped.parameters,
                onEpoch: onEpoch)
    }

    /// Trains `student` in float with the same loss (distillation when α > 0 and logits are given).
    public func trainFloat(_ student: Sequential<Float>, data: LabeledData, teacherLogits: Tensor<Float>?,
                           onEpoch: ((Int, Double) -> Void)? = nil) throws {
        let classes = (data.labels.max() ?? 0) + 1
        try fit(student, data: data, teacherLogits: teacherLogits, classes: classes, parameters: student.parameters,
                onEpoch: onEpoch)
    }

    /// The shared loop: Adam on `parameters`, cosine rate, `epochs`.
    func fit(_ model: any Layer<Float>, data: LabeledData, teacherLogits: Tensor<Float>?, classes: Int,
             parameters: [Variable<Float>], onEpoch: ((Int, Double) -> Void)?) throws {
        let targets = Self.targets(labels: data.labels, classes: classes, teacherLogits: softWeight > 0 ? teacherLogits : nil)
        let steps = epochs * ((data.count + batchSize - 1) / batchSize)
        let trainer = Trainer(model: model, optimizer: Adam(parameters, learningRate: learningRate), batchSize: batchSize,
                              schedule: CosineSchedule(initial: learningRate, totalSteps: steps), seed: seed)
        trainer.schedulePerStep = true
        trainer.loss = loss(classes: classes)
        var options = FitOptions(epochs: epochs)
        options.onEpoch = { record in onEpoch?(record.epoch, record.trainLoss) }
        try trainer.fit(LabeledData(features: data.features, targets: targets), options: options)
        model.isTraining = false
    }

    /// The student with every Linear/Conv2D rounded to its buckets (packed codes).
    public func quantized(_ student: Sequential<Float>) throws -> Sequential<Float> {
        try student.mappingLeaves { _, leaf in
            guard let layer = leaf as? any Quantizable else { return nil }
            let matrix = layer.weightMatrix
            return try layer.weightOnly(try PackedWeights(matrix, scheme: scheme(columns: matrix.shape[1])))
        }
    }

    /// Differentiable quantization: each Linear/Conv2D of `student` gets 2^b points (started at
    /// the means of 2^b equal-count slices of its sorted weights) that move by Adam on the
    /// distillation loss while the weights stay; returns the student computing with them. Weights
    /// switching to another point make the loss jump, so the points of the best epoch are kept,
    /// and the starting points when no epoch beat them (loss on up to 2,048 training samples).
    public func learnPoints(_ student: Sequential<Float>, data: LabeledData, teacherLogits: Tensor<Float>?,
                            onEpoch: ((Int, Double) -> Void)? = nil) throws -> Sequential<Float> {
        let classes = (data.labels.max() ?? 0) + 1
        var points: [Variable<Float>] = []
        let coded = student.mappingLeaves { _, leaf -> (any Layer<Float>)? in
            guard let layer = leaf as? any Quantizable else { return nil }
            let c = CodebookAffine(layer, entries: 1 << bits)
            points.append(c.points)
            return c
        }
        let probe = Array(0..<Swift.min(data.count, 2048))
        let probeTargets = Self.targets(labels: probe.map { data.labels[$0] }, classes: classes,
                                        teacherLogits: softWeight > 0 ? teacherLogits?.gatherRows(probe) : nil)
        let probeLoss = { () -> Double in
            coded.isTraining = false
            let output = coded(Variable(data.features.gatherRows(probe)))
            return Double(self.loss(classes: classes)(output, targets: probeTargets).value.scalar)
        }
        var best = (loss: probeLoss(), points: points.map(\.value))
        try fit(coded, data: data, teacherLogits: teacherLogits, classes: classes, parameters: points) { epoch, loss in
            let current = probeLoss()
            if current < best.loss { best = (current, points.map(\.value)) }
            coded.isTraining = true
            onEpoch?(epoch, loss)
        }
        for (p, value) in Swift.zip(points, best.points) { p.value = value }
        return coded
    }
}

/// A Linear or Conv2D computing with a codebook: every weight replaced by the nearest of
/// `points` (re-assigned on every call), gradients reaching the points (a gather's adjoint).
final class CodebookAffine: Layer {
    typealias Scalar = Float
    let weight: Tensor<Float>
    let points: Variable<Float>
    let bias: Tensor<Float>?
    let convolution: Conv2DConfig?
    var isTraining = true

    init(_ layer: any Quantizable, entries: Int) {
        let parts = layer.affineParts
        weight = parts.weight
        bias = parts.bias
        convolution = parts.convolution
        let sorted = weight.scalars.sorted()
        let slice = Swift.max(sorted.count / entries, 1)
        points = Variable(Tensor((0..<entries).map { k -> Float in
            let part = sorted[Swift.min(k * slice, sorted.count - 1)..<Swift.min((k + 1) * slice, sorted.count)]
            return part.isEmpty ? sorted.last ?? 0 : part.reduce(0, +) / Float(part.count)
        }), requiresGrad: true)
    }

    /// For each weight, the index of its nearest point (points need not stay sorted).
    func assignments() -> [Int32] {
        let p = points.value.scalars
        return weight.scalars.map { w in
            var best = 0
            for j in 1..<p.count where Swift.abs(p[j] - w) < Swift.abs(p[best] - w) { best = j }
            return Int32(best)
        }
    }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let w = points.gathered(at: assignments(), shape: weight.shape)
        if let convolution { return conv2d(x, w, bias: bias.map { Variable($0) }, convolution) }
        let y = x.matmul(w, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    var namedParameters: [(name: String, variable: Variable<Float>)] { [("points", points)] }
}
