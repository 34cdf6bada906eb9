/// A BERT-style encoder: word, learned position and token-type embeddings summed and
/// layer-normalised, then `layers` post-norm encoder blocks. Token ids [T] → hidden states
/// [T, D] (one sequence, no padding). Cost O(T · parameters + layers · T² · D).
public final class TransformerEncoder<Scalar: TensorScalar>: LayerContainer {
    public let configuration: EncoderConfiguration
    public let words: Embedding<Scalar>
    public let positions: Embedding<Scalar>
    public let tokenTypes: Embedding<Scalar>
    public let embeddingNorm: any Layer<Scalar>
    public let blocks: [EncoderBlock<Scalar>]

    public init(configuration: EncoderConfiguration, words: Embedding<Scalar>, positions: Embedding<Scalar>,
                tokenTypes: Embedding<Scalar>, embeddingNorm: any Layer<Scalar>, blocks: [EncoderBlock<Scalar>]) {
        precondition(blocks.count == configuration.layers, "TransformerEncoder: \(blocks.count) blocks for \(configuration.layers) layers")
        self.configuration = configuration
        self.words = words
        self.positions = positions
        self.tokenTypes = tokenTypes
        self.embeddingNorm = embeddingNorm
        self.blocks = blocks
    }

    /// A randomly initialised encoder.
    public convenience init(_ c: EncoderConfiguration, rng: inout RandomGenerator) {
        precondition(c.problem == nil, "TransformerEncoder: \(c.problem ?? "")")
        let epsilon = Scalar(c.normEpsilon)
        let blocks = (0..<c.layers).map { _ in
            EncoderBlock<Scalar>(
                attention: Attention(dimension: c.dimension, heads: c.heads, keyValueHeads: c.heads, causal: false,
                                     rotary: nil, bias: true, rng: &rng),
                attentionNorm: LayerNorm(dimension: c.dimension, epsilon: epsilon),
                feedForward: FeedForward(dimension: c.dimension, hidden: c.hidden, rng: &rng),
                feedForwardNorm: LayerNorm(dimension: c.dimension, epsilon: epsilon))
        }
        self.init(configuration: c, words: Embedding(vocabularySize: c.vocabularySize, dimension: c.dimension, rng: &rng),
                  positions: Embedding(vocabularySize: c.positions, dimension: c.dimension, rng: &rng),
                  tokenTypes: Embedding(vocabularySize: c.tokenTypes, dimension: c.dimension, rng: &rng),
                  embeddingNorm: LayerNorm(dimension: c.dimension, epsilon: epsilon), blocks: blocks)
    }

    /// The normalised embeddings of `tokens` (all of token type 0): [1, T, D].
    public func embed(tokens: [Int]) -> Variable<Scalar> {
        precondition(tokens.count <= configuration.positions,
                     "TransformerEncoder: \(tokens.count) tokens, at most \(configuration.positions) positions")
        let x = words(tokens: tokens) + positions(tokens: Array(tokens.indices)) + tokenTypes(tokens: [0])
        return embeddingNorm(x).reshaped([1, tokens.count, configuration.dimension])
    }

    /// The normalised embeddings of sequences of one length: [B, T, D].
    public func embed(batch: [[Int]]) -> Variable<Scalar> {
        let length = batch.first?.count ?? 0
        precondition(!batch.isEmpty && batch.allSatisfy { $0.count == length }, "TransformerEncoder: a batch needs sequences of one length")
        return Variable.concatenated(batch.map { embed(tokens: $0) }, axis: 0)
    }

    /// Hidden states [B, T, D] of the last block for sequences of one length (no padding).
    public func callAsFunction(batch: [[Int]]) -> Variable<Scalar> {
        var h = embed(batch: batch)
        for block in blocks { h = block(h) }
        return h
    }

    /// Hidden states [T, D] of the last block for `tokens`.
    public func callAsFunction(tokens: [Int]) -> Variable<Scalar> {
        var h = embed(tokens: tokens)
        for block in blocks { h = block(h) }
        return h.reshaped([tokens.count, configuration.dimension])
    }

    /// Ids [1, T] (as scalars) → hidden states [1, T, D].
    public func callAsFunction(_ ids: Variable<Scalar>) -> Variable<Scalar> {
        precondition(ids.shape.count == 2 && ids.shape[0] == 1, "TransformerEncoder: ids \(ids.shape) are not [1, positions]")
        let tokens = ids.value.scalars.map { Int($0) }
        return self(tokens: tokens).reshaped([1, tokens.count, configuration.dimension])
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        var out: [(name: String, layer: any Layer<Scalar>)] = [
            ("words", words), ("positions", positions), ("token_types", tokenTypes), ("embedding_norm", embeddingNorm),
        ]
        out += blocks.enumerated().map { ("blocks.\($0.offset)", $0.element) }
        return out
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        TransformerEncoder(configuration: configuration, words: layers[0] as! Embedding<Scalar>,
                           positions: layers[1] as! Embedding<Scalar>, tokenTypes: layers[2] as! Embedding<Scalar>,
                           embeddingNorm: layers[3], blocks: layers[4...].map { $0 as! EncoderBlock<Scalar> })
    }
}
