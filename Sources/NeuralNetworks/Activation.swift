/// Element-wise activation functions as layers.
public final class Activation<Scalar: TensorScalar>: StatelessLayer {
    public enum Kind: String, Sendable, CaseIterable { case relu, gelu, silu, tanh, sigmoid, softmax, logSoftmax }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        switch kind {
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .silu: x.silu()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .softmax: x.softmax(axis: -1)
        case .logSoftmax: x.logSoftmax(axis: -1)
        }
    }

    /// Inference without a graph (the element-wise kinds; softmaxes take the variable path).
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        switch kind {
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .silu: x.silu()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .softmax, .logSoftmax: self(Variable(x)).value
        }
    }
}
