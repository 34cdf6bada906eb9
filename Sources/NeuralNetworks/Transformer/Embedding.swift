/// A lookup table of learned vectors: token id t ↦ row t of `weight` [vocabulary, dimension].
/// Gradients scatter-add into the looked-up rows. Cost O(tokens · dimension).
public final class Embedding<Scalar: TensorScalar>: Layer {
    /// The table, [vocabulary, dimension].
    public let weight: Variable<Scalar>
    public var isTraining = true

    /// A table of `count` vectors drawn from N(0, 1), as PyTorch initialises it.
    public convenience init(_ count: Int, _ dimension: Int, rng: inout RandomGenerator) {
        self.init(vocabularySize: count, dimension: dimension, std: 1, rng: &rng)
    }

    /// A table drawn from N(0, std²) (0.02 is GPT-2's and LLaMA's initialisation).
    public init(vocabularySize: Int, dimension: Int, std: Scalar = 0.02, rng: inout RandomGenerator) {
        weight = Variable(Tensor.normal([vocabularySize, dimension], std: std, rng: &rng), requiresGrad: true)
    }

    /// A table with the given values [vocabulary, dimension].
    public init(weight: Tensor<Scalar>) {
        precondition(weight.rank == 2, "Embedding: weight shape \(weight.shape) is not [vocabulary, dimension]")
        self.weight = Variable(weight, requiresGrad: true)
    }

    /// Number of rows (token ids 0..<vocabularySize).
    public var vocabularySize: Int { weight.shape[0] }
    /// Length of each vector.
    public var dimension: Int { weight.shape[1] }

    /// The vectors of `tokens`: [tokens.count, dimension].
    public func callAsFunction(tokens: [Int]) -> Variable<Scalar> {
        for token in tokens {
            precondition(token >= 0 && token < vocabularySize,
                         "Embedding: token id \(token) outside 0..<\(vocabularySize)")
        }
        return weight.gatherRows(tokens)
    }

    /// Ids given as scalars of any shape S → S + [dimension].
    public func callAsFunction(_ ids: Variable<Scalar>) -> Variable<Scalar> {
        let tokens = ids.value.scalars.map { v -> Int in
            let i = Int(v)
            precondition(Scalar(i) == v, "Embedding: id \(v) is not an integer")
            return i
        }
        return self(tokens: tokens).reshaped(ids.shape + [dimension])
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weight", weight)] }
}
