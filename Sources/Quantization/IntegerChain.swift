extension Sequential where Scalar == Float {
    /// The leaves of the layer tree in order, with their paths, for passes that treat the model
    /// as one chain of layers (integer inference, QAT, BatchNorm folding): nested `Sequential`s
    /// are flattened; any other container (a `Residual`, a `Parallel`) is refused, naming its path.
    public func integerChain() throws -> [(path: String, layer: any Layer<Float>)] {
        let chain = flattenedChain()
        if let container = chain.first(where: { !$0.layer.children.isEmpty }) {
            throw QuantizationError.unsupportedModel("layer \(container.path): \(type(of: container.layer)) is not a chain of layers; "
                + "integer inference and QAT run chains only (weight-only quantization walks any tree)")
        }
        return chain
    }
}
