/// Flattens [N, …] to [N, Π…].
public final class Flatten<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.flattened() }
    /// Inference without a graph.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { x.reshaped([x.shape.first ?? 1, -1]) }
}
