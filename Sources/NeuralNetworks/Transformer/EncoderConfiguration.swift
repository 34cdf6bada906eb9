/// The shape of a BERT-style encoder, as Hugging Face's config.json gives it.
public struct EncoderConfiguration: Sendable, Equatable, Codable {
    public var vocabularySize: Int
    public var dimension: Int
    public var layers: Int
    public var heads: Int
    /// Width of the MLP's hidden layer.
    public var hidden: Int
    /// Learned positions (the longest input).
    public var positions: Int
    /// Token types (segments A and B).
    public var tokenTypes: Int
    public var normEpsilon: Double

    public init(vocabularySize: Int, dimension: Int, layers: Int, heads: Int, hidden: Int, positions: Int,
                tokenTypes: Int = 2, normEpsilon: Double = 1e-12) {
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.layers = layers
        self.heads = heads
        self.hidden = hidden
        self.positions = positions
        self.tokenTypes = tokenTypes
        self.normEpsilon = normEpsilon
    }

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size", dimension = "hidden_size", layers = "num_hidden_layers"
        case heads = "num_attention_heads", hidden = "intermediate_size", positions = "max_position_embeddings"
        case tokenTypes = "type_vocab_size", normEpsilon = "layer_norm_eps"
    }

    /// Why this shape cannot be built, or nil.
    public var problem: String? {
        let counts = [vocabularySize, dimension, layers, heads, hidden, positions, tokenTypes]
        if counts.contains(where: { $0 < 1 || $0 > 1 << 24 }) { return "sizes \(counts) outside 1…2²⁴" }
        if dimension % heads != 0 { return "width \(dimension) is not a multiple of \(heads) heads" }
        if !(normEpsilon >= 0) { return "norm epsilon \(normEpsilon)" }
        return nil
    }
}
