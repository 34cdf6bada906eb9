extension Sequential where Scalar == Float {
    /// The leaves of the layer tree in order, with their paths, for passes that treat the model
    /// as one chain of layers (integer inference, QAT, BatchNorm folding): nested `Sequential`s
    /// are flattened; any other container (a `Residual`, a `Parallel`) is refused, naming its path.
    public func integerChain() throws -> [(path: String, layer: any Layer<Float>)] {
        try chain(prefix: "")
    }

    func chain(prefix: String) throws -> [(path: String, layer: any Layer<Float>)] {
        try children.flatMap { name, layer -> [(path: String, layer: any Layer<Float>)] in
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            if let inner = layer as? Sequential<Float> { return try inner.chain(prefix: path) }
            guard layer.children.isEmpty else {
                throw QuantizationError.unsupportedModel("layer \(path): \(type(of: layer)) is not a chain of layers; "
                    + "integer inference and QAT run chains only (weight-only quantization walks any tree)")
            }
            return [(path, layer)]
        }
    }
}
