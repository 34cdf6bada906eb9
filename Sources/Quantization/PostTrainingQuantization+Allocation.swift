/// Mixed precision as integer models: per-layer weight and activation widths from a
/// `BitAllocation`, run by the integer kernels (sub-8-bit codes in 8-bit containers, packed in files).
extension PostTrainingQuantization {
    /// Converts `model` with the widths of `allocation`: each Linear/Conv2D's weights at its
    /// weight width (this PTQ's granularity, symmetric), and each activation point at the largest
    /// input width of the layers that read it (8 bits for points no layer reads, such as the
    /// output; this PTQ's signedness). Layers missing from the plan keep `weightScheme`.
    /// Ranges are calibrated on `batches` with `observer`. O(calibration forward passes).
    public func quantize(_ model: Sequential<Float>, allocation: BitAllocation, calibration batches: [Tensor<Float>]) throws -> QuantizedModel {
        guard !batches.isEmpty else { throw QuantizationError.invalidArgument("calibration needs at least one batch") }
        let graph = try QuantizableGraph(model)
        var pointBits = [Int](repeating: 0, count: graph.pointCount)
        for a in graph.affines {
            pointBits[a.inputPoint] = Swift.max(pointBits[a.inputPoint], allocation.bits(of: a.name)?.activation ?? activationScheme.bits)
        }
        let observers = calibrate(graph, batches: batches)
        let activations = try zip(observers, pointBits).map { observer, bits in
            let scheme = try QuantizationScheme.activations(bits: bits == 0 ? 8 : bits, signed: activationScheme.isSigned)
            return try ActivationQuantization(observer.parameters(for: scheme))
        }
        let weights = try graph.affines.map { a in
            let scheme = try allocation.bits(of: a.name).map { try QuantizationScheme.weights(bits: $0.weight, granularity: weightScheme.granularity) }
            return try QuantizationParameters.fitted(to: a.matrix, scheme: scheme ?? weightScheme)
        }
        let quantized = try Self.convert(graph, activations: activations, weights: weights)
        quantized.info = ["method": "ptq", "weights": "mixed (\(String(format: "%.2f", allocation.averageWeightBits)) bits on average)",
                          "activations": "mixed", "observer": observer.rawValue, "calibration_batches": "\(batches.count)"]
        return quantized
    }
}
