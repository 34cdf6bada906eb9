/// Flattens [N, …] to [N, Π…].
public final class Flatten<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.flattened() }
}
