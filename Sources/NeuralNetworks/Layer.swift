@_exported import Tensor

/// A building block of a network: a differentiable function with explicit, named
/// parameters (no reflection). Layers are reference types: their parameters are
/// `Variable`s that optimisers update in place.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// Runs the layer on a batch.
    func callAsFunction(_ input: Variable<Scalar>) -> Variable<Scalar>
    /// Runs the layer on a plain tensor without recording a graph (inference). The default
    /// runs the variable path; containers override it to fuse layers.
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
    /// Trainable parameters with stable names (used by checkpoints), in a fixed order.
    var namedParameters: [(name: String, variable: Variable<Scalar>)] { get }
    /// Non-trainable state such as running statistics, with stable names.
    var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// Replaces a buffer by name (loading a checkpoint). Returns false for an unknown name.
    func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool
    /// Training mode (dropout active, batch statistics) or evaluation mode.
    var isTraining: Bool { get set }
    /// The layers this one is made of, with stable names (empty for a leaf). Parameter names,
    /// checkpoints and quantization passes walk this tree: "3.body.0.weight".
    var children: [(name: String, layer: any Layer<Scalar>)] { get }
}

extension Layer {
    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { [] }
    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool { false }
    public var children: [(name: String, layer: any Layer<Scalar>)] { [] }

    /// Every layer below this one, depth first in child order, with its dotted path ("2.body.0").
    public var descendants: [(path: String, layer: any Layer<Scalar>)] {
        children.flatMap { name, layer in
            [(name, layer)] + layer.descendants.map { ("\(name).\($0.path)", $0.layer) }
        }
    }

    /// The leaves (layers without children) below this one, with their dotted paths; a leaf
    /// itself gives [("", self)].
    public var leaves: [(path: String, layer: any Layer<Scalar>)] {
        guard !children.isEmpty else { return [("", self)] }
        return descendants.filter { $0.layer.children.isEmpty }
    }
    /// The trainable parameters.
    public var parameters: [Variable<Scalar>] { namedParameters.map(\.variable) }
    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    /// Runs the layer on a plain tensor without recording a graph.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { self(Variable(input)).value }
}

/// A layer without parameters or buffers whose mode does not matter (activations, pooling, reshapes).
public protocol StatelessLayer: Layer {}
extension StatelessLayer {
    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [] }
    public var isTraining: Bool {
        get { false }
        set {}
    }
}

/// PyTorch's default initialisation for Linear/Conv weights and biases: U(−1/√fanIn, 1/√fanIn).
func uniformInit<Scalar: TensorScalar>(_ shape: [Int], fanIn: Int, rng: inout RandomGenerator) -> Tensor<Scalar> {
    let bound = 1 / Scalar(Swift.max(fanIn, 1)).squareRoot()
    return Tensor.uniform(shape, low: -bound, high: bound, rng: &rng)
}
