import Foundation

/// Quantization-aware training: the float model gets fake quantization on every weight
/// (symmetric, `weightScheme`) and at every activation quantisation point (per-tensor affine
/// with a moving-average range), is fine-tuned through the ordinary `Trainer`, has its
/// BatchNorm statistics and activation ranges frozen late, and is converted to an integer model.
public final class QuantizationAwareTraining {
    /// The float model; its Linear/Conv2D/BatchNorm objects are shared with `model`, so
    /// fine-tuning updates them.
    public let original: Sequential<Float>
    /// The model to train: original layers wrapped with fake quantization.
    public let model: Sequential<Float>
    public let weightScheme: QuantizationScheme
    public let activationScheme: QuantizationScheme
    public let quantizer: WeightQuantizer
    let activationQuantizers: [ActivationFakeQuant]
    let affines: [FakeQuantAffine]
    let batchNorms: [FreezableBatchNorm]

    /// Wraps `model`; throws for layers integer inference cannot run or for a per-group weight scheme.
    public init(_ model: Sequential<Float>, weightScheme: QuantizationScheme, activationScheme: QuantizationScheme = .uint8Affine,
                quantizer: WeightQuantizer = .lsq) throws {
        if case .perGroup = weightScheme.granularity {
            throw QuantizationError.invalidScheme("QAT for integer layers needs per-tensor or per-channel weights, got \(weightScheme)")
        }
        guard weightScheme.isSigned && weightScheme.isSymmetric else {
            throw QuantizationError.invalidScheme("integer layers need signed symmetric weights, got \(weightScheme)")
        }
        _ = try QuantizableGraph(model)      // same structural checks as PTQ
        original = model; self.weightScheme = weightScheme; self.activationScheme = activationScheme; self.quantizer = quantizer
        var layers: [any Layer<Float>] = []
        var acts: [ActivationFakeQuant] = [], wrapped: [FakeQuantAffine] = [], bns: [FreezableBatchNorm] = []
        func point() { let q = ActivationFakeQuant(scheme: activationScheme); acts.append(q); layers.append(q) }
        point()
        let source = try model.integerChain().map(\.layer)
        var i = 0
        while i < source.count {
            let layer = source[i]
            i += 1
            let affine: FakeQuantAffine?
            if let l = layer as? Linear<Float> { affine = FakeQuantAffine(linear: l, scheme: weightScheme, quantizer: quantizer) }
            else if let c = layer as? Conv2D<Float> { affine = FakeQuantAffine(conv: c, scheme: weightScheme, quantizer: quantizer) }
            else { affine = nil }
            guard let affine else { layers.append(layer); continue }
            wrapped.append(affine); layers.append(affine)
            if i < source.count, let bn = source[i] as? BatchNorm<Float> {
                let f = FreezableBatchNorm(bn); bns.append(f); layers.append(f); i += 1
            }
            if i < source.count, let act = source[i] as? Activation<Float>, act.kind == .relu { layers.append(act); i += 1 }
            point()
        }
        self.model = Sequential(layers)
        activationQuantizers = acts; affines = wrapped; batchNorms = bns
    }

    /// Freezes every BatchNorm's running statistics (evaluation mode from now on).
    public func freezeBatchNorm() { for b in batchNorms { b.frozen = true } }
    /// Freezes every activation range.
    public func freezeActivationRanges() { for a in activationQuantizers { a.frozen = true } }

    /// The integer model from the fine-tuned weights and the observed activation ranges.
    /// Learned LSQ scales are kept when no BatchNorm is folded (folding changes the weights,
    /// so folded layers get min–max scales of the folded weights).
    public func convert() throws -> QuantizedModel {
        let graph = try QuantizableGraph(original)
        let activations = try activationQuantizers.map { try ActivationQuantization($0.parameters()) }
        let weights = try zip(graph.affines, affines).map { a, f -> QuantizationParameters in
            if batchNorms.isEmpty { return try f.weightParameters() }
            return try QuantizationParameters.fitted(to: a.matrix, scheme: weightScheme)
        }
        let q = try PostTrainingQuantization.convert(graph, activations: activations, weights: weights)
        q.info = ["method": "qat", "weights": weightScheme.description, "activations": activationScheme.description,
                  "weight_quantizer": quantizer.rawValue]
        return q
    }

    /// Fine-tunes with Adam for `epochs` (fractional epochs allowed: the last one stops early),
    /// freezing BatchNorm after `freezeBatchNormAt` and activation ranges after `freezeRangesAt`
    /// (both as fractions of the run, default 0.75 and 0.9), then converts. `onEpoch` sees each
    /// epoch's training loss and accuracy (of the fake-quantized model).
    public func fineTune(features: Tensor<Float>, labels: [Int], epochs: Double, learningRate: Double = 1e-4, batchSize: Int = 64,
                         seed: UInt64 = 0, freezeBatchNormAt: Double = 0.75, freezeRangesAt: Double = 0.9,
                         onEpoch: ((_ epoch: Int, _ loss: Double, _ accuracy: Double) -> Void)? = nil) throws -> QuantizedModel {
        let schedule = FineTuning(epochs: epochs, learningRate: learningRate, batchSize: batchSize, seed: seed,
                                  freezeBatchNormAt: freezeBatchNormAt, freezeRangesAt: freezeRangesAt)
        try schedule.run(model, features: features, labels: labels, freezeBatchNorm: freezeBatchNorm,
                         freezeRanges: freezeActivationRanges, onEpoch: onEpoch)
        return try convert()
    }
}

/// The fine-tuning run of QAT: Adam for a (possibly fractional) number of epochs, BatchNorm
/// statistics frozen after `freezeBatchNormAt` and activation ranges after `freezeRangesAt`
/// of the steps.
struct FineTuning {
    var epochs: Double, learningRate: Double, batchSize: Int, seed: UInt64
    var freezeBatchNormAt: Double, freezeRangesAt: Double

    /// Trains `model` on the data, calling the freezes when their fraction of the steps is done.
    func run(_ model: any Layer<Float>, features: Tensor<Float>, labels: [Int], freezeBatchNorm: @escaping () -> Void,
             freezeRanges: @escaping () -> Void, onEpoch: ((Int, Double, Double) -> Void)?) throws {
        guard epochs > 0 else { throw QuantizationError.invalidArgument("QAT needs a positive number of epochs, got \(epochs)") }
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: learningRate), batchSize: batchSize, seed: seed)
        let stepsPerEpoch = (labels.count + batchSize - 1) / batchSize
        let totalSteps = Int((epochs * Double(stepsPerEpoch)).rounded(.up))
        var options = FitOptions(epochs: Int(epochs.rounded(.up)))
        options.maxSteps = totalSteps
        let (bnAt, rangesAt) = (freezeBatchNormAt, freezeRangesAt)
        options.onBatch = { _, _, _, _ in
            let done = Double(trainer.state.step)
            if done >= bnAt * Double(totalSteps) { freezeBatchNorm() }
            if done >= rangesAt * Double(totalSteps) { freezeRanges() }
        }
        options.onEpoch = { record in onEpoch?(record.epoch - 1, record.trainLoss, record.trainAccuracy) }
        try trainer.fit(LabeledData(features: features, labels: labels), options: options)
        model.isTraining = false
    }
}
