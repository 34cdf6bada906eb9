/// Layers applied one after another. Parameter names are prefixed with the layer's index
/// ("0.weight", "3.bias", …) as PyTorch's `nn.Sequential` names them.
public final class Sequential<Scalar: TensorScalar>: Layer {
    public let layers: [any Layer<Scalar>]

    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }
    public convenience init(_ layers: any Layer<Scalar>...) { self.init(layers) }

    public func callAsFunction(_ input: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(input) { x, layer in layer(x) }
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        layers.enumerated().flatMap { i, layer in layer.namedParameters.map { ("\(i).\($0.name)", $0.variable) } }
    }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        layers.enumerated().flatMap { i, layer in layer.namedBuffers.map { ("\(i).\($0.name)", $0.tensor) } }
    }

    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        guard let dot = name.firstIndex(of: "."), let i = Int(name[..<dot]), layers.indices.contains(i) else { return false }
        return layers[i].setBuffer(String(name[name.index(after: dot)...]), to: tensor)
    }

    public var isTraining: Bool {
        get { layers.contains { $0.isTraining } }
        set { for layer in layers { layer.isTraining = newValue } }
    }
}
