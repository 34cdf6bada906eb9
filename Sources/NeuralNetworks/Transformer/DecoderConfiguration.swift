/// The shape of a LLaMA-style decoder: pre-norm blocks of RMSNorm, grouped-query causal
/// attention with rotary positions, RMSNorm and a SwiGLU MLP; a final RMSNorm and an output
/// head (tied to the embedding or separate).
public struct DecoderConfiguration: Sendable, Equatable {
    public var vocabularySize: Int
    public var dimension: Int
    public var layers: Int
    public var heads: Int
    public var keyValueHeads: Int
    /// Hidden width of the MLP.
    public var hidden: Int
    public var normEpsilon: Double
    public var ropeBase: Double
    public var ropeLayout: RotaryEmbedding.Layout
    /// The longest sequence the model was trained on.
    public var contextLength: Int
    /// Whether logits use the embedding table as the output matrix.
    public var tiedEmbeddings: Bool

    public init(vocabularySize: Int, dimension: Int, layers: Int, heads: Int, keyValueHeads: Int, hidden: Int,
                normEpsilon: Double = 1e-5, ropeBase: Double = 10_000, ropeLayout: RotaryEmbedding.Layout = .interleaved,
                contextLength: Int = 2048, tiedEmbeddings: Bool = true) {
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.layers = layers
        self.heads = heads
        self.keyValueHeads = keyValueHeads
        self.hidden = hidden
        self.normEpsilon = normEpsilon
        self.ropeBase = ropeBase
        self.ropeLayout = ropeLayout
        self.contextLength = contextLength
        self.tiedEmbeddings = tiedEmbeddings
    }

    /// Size of each attention head.
    public var headSize: Int { dimension / heads }

    /// A description of what is wrong, or nil when the sizes fit together.
    public var problem: String? {
        if [vocabularySize, dimension, layers, heads, keyValueHeads, hidden, contextLength].contains(where: { $0 <= 0 }) {
            return "sizes must be positive"
        }
        if dimension % heads != 0 { return "width \(dimension) is not a multiple of \(heads) heads" }
        if heads % keyValueHeads != 0 { return "\(heads) heads are not a multiple of \(keyValueHeads) key/value heads" }
        if headSize % 2 != 0 { return "head size \(headSize) is odd (rotary positions rotate pairs)" }
        return nil
    }

    /// Number of weights.
    public var parameterCount: Int {
        let kvWidth = headSize * keyValueHeads
        let block = 2 * dimension * dimension + 2 * dimension * kvWidth + 3 * dimension * hidden + 2 * dimension
        let head = tiedEmbeddings ? 0 : vocabularySize * dimension
        return vocabularySize * dimension + layers * block + dimension + head
    }
}
