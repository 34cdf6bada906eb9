/// A layer made of named child layers whose parameters, buffers and mode are its children's:
/// names are prefixed with the child's name ("0.weight", "body.1.running_mean"), as PyTorch's
/// `state_dict` names them. Conformers provide `children` and `replacingChildren`.
public protocol LayerContainer<Scalar>: Layer {
    /// The same container around `layers` (one per child, in order), for passes that swap
    /// leaves (weight-only quantization, say).
    func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar>
}

extension LayerContainer {
    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        children.flatMap { name, layer in layer.namedParameters.map { ("\(name).\($0.name)", $0.variable) } }
    }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        children.flatMap { name, layer in layer.namedBuffers.map { ("\(name).\($0.name)", $0.tensor) } }
    }

    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        for (child, layer) in children where name.hasPrefix(child + ".") {
            if layer.setBuffer(String(name.dropFirst(child.count + 1)), to: tensor) { return true }
        }
        return false
    }

    public var isTraining: Bool {
        get { children.contains { $0.layer.isTraining } }
        set { for (_, layer) in children { layer.isTraining = newValue } }
    }
}

extension Layer {
    /// This layer with every leaf for which `transform` returns a layer replaced by it, rebuilding
    /// the containers above replaced leaves (others are shared, not copied). `transform` sees
    /// each leaf's dotted path.
    public func mapLeaves(_ transform: (String, any Layer<Scalar>) throws -> (any Layer<Scalar>)?) rethrows -> any Layer<Scalar> {
        try mapLeaves(prefix: "", transform)
    }

    func mapLeaves(prefix: String,
                   _ transform: (String, any Layer<Scalar>) throws -> (any Layer<Scalar>)?) rethrows -> any Layer<Scalar> {
        guard let container = self as? any LayerContainer<Scalar> else { return try transform(prefix, self) ?? self }
        let mapped = try children.map { name, layer in
            try layer.mapLeaves(prefix: prefix.isEmpty ? name : "\(prefix).\(name)", transform)
        }
        let changed = zip(mapped, children).contains { $0 !== $1.layer }
        return changed ? container.replacingChildren(mapped) : self
    }
}
