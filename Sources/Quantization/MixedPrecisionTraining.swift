/// Quantization-aware fine-tuning at a width per layer on any layer tree, in stages: stage k
/// trains the model with the layers of stages 0…k fake-quantized (weights: symmetric per
/// channel, min–max, clipped STE; inputs: affine per tensor with a moving-average range) and the
/// rest in float — HAWQ's multi-stage schedule when the stages follow sensitivity. The wrappers
/// share the model's variables, so the float model itself is what gets fine-tuned; quantize it
/// afterwards with `MixedPrecisionQuantization` at the same plan.
public struct MixedPrecisionTraining {
    public let model: any Layer<Float>
    public let allocation: BitAllocation

    public init(model: any Layer<Float>, allocation: BitAllocation) {
        self.model = model
        self.allocation = allocation
    }

    /// The model with the layers in `paths` fake-quantized at their widths, and the activation
    /// quantizers it holds.
    public func wrapped(_ paths: Set<String>) throws -> (model: any Layer<Float>, activations: [ActivationFakeQuant]) {
        var activations: [ActivationFakeQuant] = []
        let result = try model.mapLeaves { path, leaf -> (any Layer<Float>)? in
            guard paths.contains(path), let bits = allocation.bits(of: path) else { return nil }
            let weightScheme = try QuantizationScheme.weights(bits: bits.weight)
            let input = ActivationFakeQuant(scheme: try QuantizationScheme.activations(bits: bits.activation))
            activations.append(input)
            if let linear = leaf as? Linear<Float> {
                return Sequential<Float>(input, FakeQuantAffine(linear: linear, scheme: weightScheme, quantizer: .minmax))
            }
            if let conv = leaf as? Conv2D<Float> {
                return Sequential<Float>(input, FakeQuantAffine(conv: conv, scheme: weightScheme, quantizer: .minmax))
            }
            throw QuantizationError.unsupportedModel("layer \(path): \(type(of: leaf)) cannot be fake-quantized")
        }
        return (result, activations)
    }

    /// Runs the stages in order, `epochsPerStage` each (Adam, cosine-free constant rate), activation
    /// ranges frozen for the last 10 % of each stage. `onEpoch(stage, epoch, loss, accuracy)`.
    public func fineTune(stages: [[String]], data: LabeledData, epochsPerStage: Double, learningRate: Double = 1e-4,
                         batchSize: Int = 64, seed: UInt64 = 0,
                         onEpoch: ((Int, Int, Double, Double) -> Void)? = nil) throws {
        var active = Set<String>()
        for (index, stage) in stages.enumerated() {
            active.formUnion(stage)
            let (trained, activations) = try wrapped(active)
            let schedule = FineTuning(epochs: epochsPerStage, learningRate: learningRate, batchSize: batchSize,
                                      seed: seed &+ UInt64(index), freezeBatchNormAt: 2, freezeRangesAt: 0.9)
            try schedule.run(trained, features: data.features, labels: data.labels, freezeBatchNorm: {},
                             freezeRanges: { activations.forEach { $0.frozen = true } },
                             onEpoch: { onEpoch?(index, $0, $1, $2) })
        }
        model.isTraining = false
    }
}
