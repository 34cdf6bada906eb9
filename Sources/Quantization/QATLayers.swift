/// How QAT quantises weights.
public enum WeightQuantizer: String, Sendable, CaseIterable, Codable {
    /// Min–max scales recomputed from the current weights every step; clipped STE.
    case minmax
    /// Learned per-channel step sizes (LSQ).
    case lsq
}

/// A Linear or Conv2D whose weight is fake-quantized in the forward pass (symmetric, per output
/// channel or per tensor). It shares the wrapped layer's weight and bias variables, so training
/// it trains the original layer. With LSQ it adds a trainable `weight_scale`.
public final class FakeQuantAffine: Layer {
    public let linear: Linear<Float>?
    public let conv: Conv2D<Float>?
    public let scheme: QuantizationScheme
    public let quantizer: WeightQuantizer
    /// LSQ step sizes, [O, 1, …] or [1]; nil for min–max.
    public let scale: Variable<Float>?
    public var isTraining = true

    public init(linear: Linear<Float>? = nil, conv: Conv2D<Float>? = nil, scheme: QuantizationScheme, quantizer: WeightQuantizer) {
        precondition((linear == nil) != (conv == nil), "FakeQuantAffine: wrap exactly one of Linear or Conv2D")
        self.linear = linear; self.conv = conv; self.scheme = scheme; self.quantizer = quantizer
        let w = (linear?.weight ?? conv!.weight).value
        let perChannel = scheme.granularity != .perTensor
        scale = quantizer == .lsq ? Variable(lsqInitialScale(w, qmax: scheme.qmax, perChannel: perChannel), requiresGrad: true) : nil
    }

    public var weight: Variable<Float> { linear?.weight ?? conv!.weight }
    public var bias: Variable<Float>? { linear?.bias ?? conv?.bias }

    /// The weight as the forward pass sees it.
    public func quantizedWeight() -> Variable<Float> {
        if let scale {
            let n = Float(weight.value.count / Swift.max(scale.value.count, 1))
            return lsqFakeQuantize(weight, scale: scale, qmin: scheme.qmin, qmax: scheme.qmax,
                                   gradScale: 1 / (n * Float(scheme.qmax)).squareRoot())
        }
        let p = try! QuantizationParameters.fitted(to: weight.value, scheme: scheme)   // scheme validated at prepare
        return fakeQuantize(weight, p, estimator: .clippedSTE)
    }

    /// The current weight quantisation: learned LSQ scales, or min–max of the weight.
    public func weightParameters() throws -> QuantizationParameters {
        let matrixShape = [weight.shape[0], weight.value.count / weight.shape[0]]
        if let scale {
            let channels = scale.value.count
            return try QuantizationParameters(scheme: scheme, shape: matrixShape, scales: scale.value.scalars.map { Swift.max(abs($0), 1e-8) },
                                              zeroPoints: [Int32](repeating: 0, count: channels))
        }
        return try QuantizationParameters.fitted(to: weight.value.reshaped(matrixShape), scheme: scheme)
    }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let w = quantizedWeight()
        if let conv { return conv2d(x, w, bias: conv.bias, conv.config) }
        let y = x.matmul(w, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    public var namedParameters: [(name: String, variable: Variable<Float>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) + (scale.map { [("weight_scale", $0)] } ?? [])
    }
}

/// Fake-quantizes activations per tensor with the range of a moving-average min–max observer
/// (updated in training mode until frozen); clipped STE.
public final class ActivationFakeQuant: Layer {
    public let scheme: QuantizationScheme
    public private(set) var observer: MovingAverageMinMaxObserver
    /// Stop updating the range (late in training, so the last epochs fit a fixed grid).
    public var frozen = false
    public var isTraining = true

    public init(scheme: QuantizationScheme, averagingConstant: Float = 0.01) {
        self.scheme = scheme
        observer = MovingAverageMinMaxObserver(averagingConstant: averagingConstant)
    }

    /// The current per-tensor parameters.
    public func parameters(shape: [Int] = []) throws -> QuantizationParameters { try observer.parameters(for: scheme, shape: shape) }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        if isTraining && !frozen { observer.observe(x.value) }
        guard observer.minimum != nil, let p = try? parameters(shape: x.shape) else { return x }
        return fakeQuantize(x, p, estimator: .clippedSTE)
    }

    public var namedParameters: [(name: String, variable: Variable<Float>)] { [] }
    public var namedBuffers: [(name: String, tensor: Tensor<Float>)] {
        [("range", Tensor([observer.minimum ?? 0, observer.maximum ?? 0]))]
    }
}

/// A BatchNorm whose statistics can be frozen: once `frozen`, it stays in evaluation mode (running
/// statistics, no updates) whatever mode the model is put in.
public final class FreezableBatchNorm: Layer {
    public let batchNorm: BatchNorm<Float>
    public var frozen = false { didSet { if frozen { batchNorm.isTraining = false } } }
    public init(_ batchNorm: BatchNorm<Float>) { self.batchNorm = batchNorm }
    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> { batchNorm(x) }
    public var namedParameters: [(name: String, variable: Variable<Float>)] { batchNorm.namedParameters }
    public var namedBuffers: [(name: String, tensor: Tensor<Float>)] { batchNorm.namedBuffers }
    public func setBuffer(_ name: String, to tensor: Tensor<Float>) -> Bool { batchNorm.setBuffer(name, to: tensor) }
    public var isTraining: Bool {
        get { batchNorm.isTraining }
        set { batchNorm.isTraining = newValue && !frozen }
    }
}
