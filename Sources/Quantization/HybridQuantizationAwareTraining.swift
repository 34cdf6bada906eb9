import Foundation

/// Quantization-aware training of a hybrid model: every integer stretch
/// (`HybridQuantization.segments`) gets fake quantization as in `QuantizationAwareTraining`,
/// the float layers between them (circuits included) train along in float, and the result is
/// a `HybridQuantizedModel`.
public final class HybridQuantizationAwareTraining {
    /// The model to train: fake-quantized stretches and the float layers, in order.
    public let model: Sequential<Float>
    /// Per segment: its QAT wrapper (integer stretches) or nil (float layers).
    let stretches: [(name: String, qat: QuantizationAwareTraining?, layer: any Layer<Float>)]

    /// Wraps `model`'s integer stretches; throws for a per-group scheme or a model without one.
    public init(_ model: Sequential<Float>, weightScheme: QuantizationScheme, activationScheme: QuantizationScheme = .uint8Affine,
                quantizer: WeightQuantizer = .lsq) throws {
        stretches = try HybridQuantization.segments(model).map { segment in
            switch segment {
            case .integer(let name, let chain):
                let qat = try QuantizationAwareTraining(chain, weightScheme: weightScheme, activationScheme: activationScheme,
                                                        quantizer: quantizer)
                return (name, qat, qat.model)
            case .float(let name, let layer):
                return (name, nil, layer)
            }
        }
        guard stretches.contains(where: { $0.qat != nil }) else {
            throw QuantizationError.unsupportedModel("the model has no chain of Linear or Conv2D layers to quantize")
        }
        self.model = Sequential(stretches.map(\.layer))
    }

    /// The hybrid model: each stretch converted to integers, the float layers as trained.
    public func convert() throws -> HybridQuantizedModel {
        HybridQuantizedModel(parts: try stretches.map { s in
            guard let qat = s.qat else { return .float(name: s.name, s.layer) }
            return .integer(name: s.name, try qat.convert())
        })
    }

    /// Fine-tunes the whole model (schedule as `QuantizationAwareTraining.fineTune`), then converts.
    public func fineTune(features: Tensor<Float>, labels: [Int], epochs: Double, learningRate: Double = 1e-4, batchSize: Int = 64,
                         seed: UInt64 = 0, onEpoch: ((_ epoch: Int, _ loss: Double, _ accuracy: Double) -> Void)? = nil)
        throws -> HybridQuantizedModel {
        let qats = stretches.compactMap(\.qat)
        let schedule = FineTuning(epochs: epochs, learningRate: learningRate, batchSize: batchSize, seed: seed,
                                  freezeBatchNormAt: 0.75, freezeRangesAt: 0.9)
        try schedule.run(model, features: features, labels: labels, freezeBatchNorm: { qats.forEach { $0.freezeBatchNorm() } },
                         freezeRanges: { qats.forEach { $0.freezeActivationRanges() } }, onEpoch: onEpoch)
        return try convert()
    }
}
