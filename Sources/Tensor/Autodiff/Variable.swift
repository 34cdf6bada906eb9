/// A tensor inside a computation graph: its value, the primitive that produced it, and
/// (after `backward()`) the gradient of a scalar loss with respect to it.
///
/// Operations on variables record the graph as they run (define-by-run). A variable made
/// from a plain tensor with `requiresGrad: false` is a constant; an operation none of whose
/// inputs needs a gradient records nothing, so evaluation costs no graph memory.
///
/// ```swift
/// let w = Variable(Tensor<Double>([1, 2]), requiresGrad: true)
/// let loss = (w * w).sum()
/// loss.backward()            // w.grad == [2, 4]
/// ```
public final class Variable<Scalar: TensorScalar> {
    /// The value. Optimisers assign new values to leaf parameters between steps.
    public var value: Tensor<Scalar>
    /// ∂loss/∂self accumulated by `backward()` (leaves that require gradients only); nil before.
    public var grad: Tensor<Scalar>?
    /// Whether gradients flow to (or through) this variable.
    public let requiresGrad: Bool
    /// How this value was computed; nil for leaves and constants.
    let op: Primitive<Scalar>?
    private(set) var inputs: [Variable]

    /// A leaf: a constant, or a trainable parameter when `requiresGrad`.
    public init(_ value: Tensor<Scalar>, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.op = nil
        self.inputs = []
    }

    init(_ value: Tensor<Scalar>, op: Primitive<Scalar>, inputs: [Variable]) {
        self.value = value
        let tracked = inputs.contains { $0.requiresGrad }
        self.requiresGrad = tracked
        self.op = tracked ? op : nil
        self.inputs = tracked ? inputs : []
    }

    /// Releases the graph below this variable iteratively: a recursive release of a chain
    /// thousands of operations deep (a recurrent network over a long sequence) overflows the stack.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs
        inputs = []
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            pending += node.inputs
            node.inputs = []
        }
    }

    /// The value's shape.
    public var shape: [Int] { value.shape }
    /// True for variables not produced by an operation.
    public var isLeaf: Bool { op == nil }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// A constant with the same value, cut out of the graph.
    public func detached() -> Variable { Variable(value) }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable(\(value)\(requiresGrad ? ", requiresGrad" : ""))" }
}
