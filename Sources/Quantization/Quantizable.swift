/// A layer whose weight a quantization pass can quantize (Linear, Conv2D): passes find these
/// anywhere in a model's layer tree (`Layer.leaves`) instead of checking concrete types.
public protocol Quantizable: Layer where Scalar == Float {
    /// The weight as a matrix [out, in·…] (a convolution's [O, C, KH, KW] as [O, C·KH·KW]).
    var weightMatrix: Tensor<Float> { get }
    /// This layer computing with `weights` (codes for `weightMatrix`, dequantised on the fly)
    /// in place of its float weight; the bias stays float.
    func weightOnly(_ weights: PackedWeights) throws -> any Layer<Float>
    /// The affine map for integer inference: the weight as stored, the bias and, for a
    /// convolution, its geometry.
    var affineParts: (weight: Tensor<Float>, bias: Tensor<Float>?, convolution: Conv2DConfig?) { get }
}

extension Linear: Quantizable where Scalar == Float {
    public var weightMatrix: Tensor<Float> { weight.value }
    public var affineParts: (weight: Tensor<Float>, bias: Tensor<Float>?, convolution: Conv2DConfig?) {
        (weight.value, bias?.value, nil)
    }

    public func weightOnly(_ weights: PackedWeights) throws -> any Layer<Float> {
        try WeightOnlyLinear(weights: weights, bias: bias?.value)
    }
}

extension Conv2D: Quantizable where Scalar == Float {
    public var weightMatrix: Tensor<Float> { weight.value.reshaped([weight.shape[0], -1]) }
    public var affineParts: (weight: Tensor<Float>, bias: Tensor<Float>?, convolution: Conv2DConfig?) {
        (weight.value, bias?.value, config)
    }

    public func weightOnly(_ weights: PackedWeights) throws -> any Layer<Float> {
        try WeightOnlyConv2D(weights: weights, weightShape: weight.shape, bias: bias?.value, config: config)
    }
}

/// How a weight matrix becomes low-bit codes: round-to-nearest today; GPTQ and other
/// error-compensating roundings are further conformers.
public protocol WeightRounding: Sendable {
    /// A short name stored with the model ("rtn").
    var name: String { get }
    /// The codes and scales of `weight` [rows, columns] under `scheme`.
    func round(_ weight: Tensor<Float>, scheme: QuantizationScheme) throws -> PackedWeights
}

/// Round to nearest with min–max ranges per channel or group (`PackedWeights.init(_:scheme:)`).
public struct RoundToNearest: WeightRounding {
    public init() {}
    public var name: String { "rtn" }
    public func round(_ weight: Tensor<Float>, scheme: QuantizationScheme) throws -> PackedWeights {
        try PackedWeights(weight, scheme: scheme)
    }
}
