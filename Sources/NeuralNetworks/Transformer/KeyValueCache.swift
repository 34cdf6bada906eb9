/// The keys and values one attention layer has seen, kept for incremental decoding: each new
/// token attends to them without recomputing the prefix. Shapes [batch, keyValueHeads,
/// positions, headSize]; memory 2 · batch · heads · positions · headSize scalars.
/// Cached entries are constants: gradients do not flow into earlier steps.
public final class KeyValueCache<Scalar: TensorScalar> {
    public private(set) var keys: Tensor<Scalar>?
    public private(set) var values: Tensor<Scalar>?

    public init() {}

    /// Number of positions held.
    public var count: Int { keys?.shape[2] ?? 0 }

    /// Appends the keys and values of new positions (both [batch, heads, new, headSize]).
    public func append(keys newKeys: Tensor<Scalar>, values newValues: Tensor<Scalar>) {
        guard let keys, let values else {
            (self.keys, self.values) = (newKeys, newValues)
            return
        }
        self.keys = Tensor.concatenated([keys, newKeys], axis: 2)
        self.values = Tensor.concatenated([values, newValues], axis: 2)
    }

    /// Forgets everything (a new sequence).
    public func reset() {
        (keys, values) = (nil, nil)
    }
}
