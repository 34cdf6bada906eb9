/// Layer normalisation over the last axis (BERT, GPT-2):
/// y = (x − mean(x)) / √(var(x) + ε) ⊙ weight + bias, the variance biased (divided by n).
/// Shapes: [..., dimension] → same. Cost O(count).
public final class LayerNorm<Scalar: TensorScalar>: Layer {
    /// The per-feature gain, [dimension].
    public let weight: Variable<Scalar>
    /// The per-feature shift, [dimension].
    public let bias: Variable<Scalar>
    /// Added to the variance before the square root.
    public let epsilon: Scalar
    public var isTraining = true

    /// A norm with unit gain and zero shift.
    public init(dimension: Int, epsilon: Scalar = 1e-5) {
        weight = Variable(Tensor(repeating: 1, shape: [dimension]), requiresGrad: true)
        bias = Variable(Tensor(repeating: 0, shape: [dimension]), requiresGrad: true)
        self.epsilon = epsilon
    }

    /// A norm with the given gain and shift, both [dimension].
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, epsilon: Scalar) {
        precondition(weight.shape == bias.shape, "LayerNorm: weight \(weight.shape) and bias \(bias.shape) differ")
        self.weight = Variable(weight, requiresGrad: true)
        self.bias = Variable(bias, requiresGrad: true)
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == weight.shape[0], "LayerNorm: input \(x.shape) does not end in \(weight.shape[0])")
        let axis = [x.shape.count - 1]
        let centred = x - x.mean(axes: axis, keepDims: true)
        let variance = centred.squared().mean(axes: axis, keepDims: true)
        return centred * (variance + epsilon).pow(-0.5) * weight + bias
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("weight", weight), ("bias", bias)]
    }
}
