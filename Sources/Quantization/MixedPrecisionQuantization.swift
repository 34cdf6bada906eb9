/// Post-training quantization at a bit width per layer, on any layer tree (residual blocks,
/// parallel branches): every Linear and Conv2D in the plan computes with its weight rounded to
/// its width (signed symmetric, per output channel; packed codes, `WeightOnlyLinear` /
/// `WeightOnlyConv2D`) and its input fake-quantized at its activation width (unsigned affine per
/// tensor, range from an observer over calibration batches; the layer's `input` quantizer). BatchNorm stays
/// separate: per-channel symmetric rounding commutes with folding it (a positive per-channel
/// factor), so the codes are those of the folded integer layer.
public struct MixedPrecisionQuantization {
    /// How activation ranges are chosen from the calibration data.
    public var observer: ObserverKind
    /// How each weight becomes codes (round to nearest unless a learned rounding is given).
    public var rounding: any WeightRounding
    /// Weight scales per output channel (default) or one per tensor.
    public var perChannel: Bool

    public init(observer: ObserverKind = .minmax, rounding: any WeightRounding = RoundToNearest(), perChannel: Bool = true) {
        self.observer = observer
        self.rounding = rounding
        self.perChannel = perChannel
    }

    /// Observers of the input of every layer in `paths`, fed by a forward pass (evaluation mode)
    /// of each batch. O(forward passes).
    public func observeInputs(of model: any Layer<Float>, paths: Set<String>,
                              batches: [Tensor<Float>]) -> [String: any Observer] {
        var observers: [String: any Observer] = [:]
        for path in paths { observers[path] = observer.make() }
        let tapped = model.mapLeaves { path, leaf -> (any Layer<Float>)? in
            guard paths.contains(path) else { return nil }
            return Sequential<Float>(ActivationTap { observers[path]?.observe($0) }, leaf)
        }
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        for batch in batches { _ = tapped(Variable(batch)) }
        return observers
    }

    /// The simulated mixed-precision model of `model` under `allocation`, calibrated on `calibration`.
    /// - Throws: `QuantizationError` for a width outside 2…8, a layer of the plan that is not in
    ///   the model, or no calibration batch.
    public func quantize(_ model: Sequential<Float>, allocation: BitAllocation,
                         calibration: [Tensor<Float>]) throws -> MixedPrecisionModel {
        guard !calibration.isEmpty else { throw QuantizationError.invalidArgument("calibration needs at least one batch") }
        let layers = Dictionary(uniqueKeysWithValues: quantizableLayers(of: model).map { ($0.path, $0.layer) })
        for entry in allocation.entries {
            guard layers[entry.path] != nil else {
                throw QuantizationError.invalidArgument("layer \(entry.path) of the bit plan is not a Linear or Conv2D of the model")
            }
            for bits in [entry.bits.weight, entry.bits.activation] where !(2...8).contains(bits) {
                throw QuantizationError.invalidArgument("layer \(entry.path): \(bits) bits is outside 2…8")
            }
        }
        let observers = observeInputs(of: model, paths: Set(allocation.entries.map(\.path)), batches: calibration)
        var reports: [MixedPrecisionModel.LayerReport] = []
        var replacements: [String: any Layer<Float>] = [:]
        for entry in allocation.entries {
            let layer = layers[entry.path]!
            let weightScheme = try QuantizationScheme.weights(bits: entry.bits.weight,
                                                              granularity: perChannel ? .perChannel(axis: 0) : .perTensor)
            let packed = try rounding.round(layer.weightMatrix, scheme: weightScheme)
            let activationScheme = try QuantizationScheme.activations(bits: entry.bits.activation)
            let range = observers[entry.path]!.range(for: activationScheme)
            let input = try InputQuantizer(bits: entry.bits.activation, minimum: range.min, maximum: range.max)
            let quantized = try layer.weightOnly(packed)
            guard let weightOnly = quantized as? any WeightOnlyLayer else {
                throw QuantizationError.unsupportedModel("layer \(entry.path): \(type(of: layer)) has no weight-only form")
            }
            weightOnly.input = input
            replacements[entry.path] = quantized
            reports.append(.init(path: entry.path, kind: layer is Conv2D<Float> ? "conv2d" : "linear",
                                 bits: entry.bits, weights: entry.weights, bytes: packed.byteCount,
                                 inputRange: [range.min, range.max]))
        }
        let quantized = model.mappingLeaves { path, _ in replacements[path] }
        return MixedPrecisionModel(model: quantized, allocation: allocation, layers: reports, rounding: rounding.name)
    }
}

/// A model quantized layer by layer at mixed widths (simulated: weights dequantized from their
/// packed codes, inputs fake-quantized), with its per-layer sizes.
public struct MixedPrecisionModel {
    public struct LayerReport: Sendable, Equatable, Codable {
        public var path: String
        public var kind: String
        public var bits: LayerBits
        public var weights: Int
        /// Packed codes plus scales, bytes.
        public var bytes: Int
        /// The calibrated input range [min, max].
        public var inputRange: [Float]
    }

    /// The float model with its quantizable layers replaced (other layers shared with the original);
    /// `WeightOnlyQuantization.save` writes it.
    public let model: Sequential<Float>
    public let allocation: BitAllocation
    public let layers: [LayerReport]
    /// The weight rounding's name ("rtn", "adaround", …).
    public let rounding: String

    /// Bytes of all quantized layers' packed weights and scales.
    public var weightBytes: Int { layers.reduce(0) { $0 + $1.bytes } }

    /// Test accuracy in evaluation mode.
    public func accuracy(_ data: LabeledData, batchSize: Int = 256) -> Double {
        evaluate(model, data, batchSize: batchSize).metrics.accuracy
    }
}
