/// log(p + 10⁻¹²) element-wise: turns probabilities into logits whose softmax is p itself, so
/// that softmax cross-entropy on its output is the cross-entropy of the probabilities.
public final class LogProbability<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { (x + Scalar(1e-12)).log() }
}
