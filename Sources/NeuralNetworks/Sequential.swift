/// Layers applied one after another. Children are named by index ("0", "1", …), so parameter
/// names are "0.weight", "3.bias", … as PyTorch's `nn.Sequential` names them.
public final class Sequential<Scalar: TensorScalar>: LayerContainer {
    public let layers: [any Layer<Scalar>]

    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }
    public convenience init(_ layers: any Layer<Scalar>...) { self.init(layers) }

    public func callAsFunction(_ input: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(input) { x, layer in layer(x) }
    }

    /// Inference: the layers one after another, with convolution [→ ReLU] [→ 2×2 max pooling]
    /// runs fused into one direct-convolution pass where `InferenceFusion` allows it.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var x = input
        var i = 0
        while i < layers.count {
            if let (y, used) = InferenceFusion.convolution(layers, at: i, x) {
                x = y
                i += used
            } else {
                x = layers[i](x)
                i += 1
            }
        }
        return x
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        layers.enumerated().map { ("\($0)", $1) }
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> { Sequential(layers) }

    /// This model with leaves replaced as `mapLeaves` does, still a `Sequential`.
    public func mappingLeaves(_ transform: (String, any Layer<Scalar>) throws -> (any Layer<Scalar>)?) rethrows -> Sequential {
        let mapped = try mapLeaves(transform)
        return mapped as? Sequential ?? Sequential(mapped)
    }
}
