/// y = body(x) + shortcut(x), the shortcut the identity unless given (a 1×1 convolution that
/// matches shapes, say); `activation` is applied to the sum when given (ResNet's ReLU after the
/// addition). Children are named "body", "shortcut" and "activation".
public final class Residual<Scalar: TensorScalar>: LayerContainer {
    public let body: any Layer<Scalar>
    public let shortcut: (any Layer<Scalar>)?
    public let activation: (any Layer<Scalar>)?

    public init(_ body: any Layer<Scalar>, shortcut: (any Layer<Scalar>)? = nil, activation: (any Layer<Scalar>)? = nil) {
        self.body = body
        self.shortcut = shortcut
        self.activation = activation
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let sum = body(x) + (shortcut.map { $0(x) } ?? x)
        return activation.map { $0(sum) } ?? sum
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        var out: [(name: String, layer: any Layer<Scalar>)] = [("body", body)]
        if let shortcut { out.append(("shortcut", shortcut)) }
        if let activation { out.append(("activation", activation)) }
        return out
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        var rest = layers.dropFirst()
        let newShortcut = shortcut == nil ? nil : rest.popFirst()
        let newActivation = activation == nil ? nil : rest.popFirst()
        return Residual(layers[0], shortcut: newShortcut, activation: newActivation)
    }
}
