/// Root-mean-square normalisation over the last axis (LLaMA):
/// y = x / √(mean(x²) + ε) ⊙ weight. Shapes: [..., dimension] → same. Cost O(count).
public final class RMSNorm<Scalar: TensorScalar>: Layer {
    /// The per-feature gain, [dimension].
    public let weight: Variable<Scalar>
    /// Added to the mean square before the square root.
    public let epsilon: Scalar
    public var isTraining = true

    /// A norm with unit gain.
    public init(dimension: Int, epsilon: Scalar = 1e-5) {
        weight = Variable(Tensor(repeating: 1, shape: [dimension]), requiresGrad: true)
        self.epsilon = epsilon
    }

    /// A norm with the given gain [dimension].
    public init(weight: Tensor<Scalar>, epsilon: Scalar) {
        self.weight = Variable(weight, requiresGrad: true)
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == weight.shape[0], "RMSNorm: input \(x.shape) does not end in \(weight.shape[0])")
        let meanSquare = x.squared().mean(axes: [x.shape.count - 1], keepDims: true)
        return x * (meanSquare + epsilon).pow(-0.5) * weight
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weight", weight)] }
}
