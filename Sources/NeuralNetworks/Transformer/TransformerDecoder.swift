/// A LLaMA-style causal language model: token embedding, `layers` pre-norm decoder blocks,
/// a final RMSNorm and the output head. Token ids [T] (or [B, T]) → next-token logits
/// [T, V] ([B, T, V]). Cost per token O(parameters + layers · positions · width).
public final class TransformerDecoder<Scalar: TensorScalar>: LayerContainer {
    public let configuration: DecoderConfiguration
    public let embedding: Embedding<Scalar>
    public let blocks: [DecoderBlock<Scalar>]
    public let norm: any Layer<Scalar>
    /// The output projection, or nil when tied to `embedding`.
    public let head: (any Layer<Scalar>)?

    public init(configuration: DecoderConfiguration, embedding: Embedding<Scalar>, blocks: [DecoderBlock<Scalar>],
                norm: any Layer<Scalar>, head: (any Layer<Scalar>)?) {
        precondition(blocks.count == configuration.layers, "TransformerDecoder: \(blocks.count) blocks for \(configuration.layers) layers")
        precondition((head == nil) == configuration.tiedEmbeddings, "TransformerDecoder: head given for tied embeddings or missing")
        self.configuration = configuration
        self.embedding = embedding
        self.blocks = blocks
        self.norm = norm
        self.head = head
    }

    /// A randomly initialised model.
    public convenience init(_ c: DecoderConfiguration, rng: inout RandomGenerator) {
        precondition(c.problem == nil, "TransformerDecoder: \(c.problem ?? "")")
        let rotary = RotaryEmbedding(dimension: c.headSize, base: c.ropeBase, layout: c.ropeLayout)
        let epsilon = Scalar(c.normEpsilon)
        let blocks = (0..<c.layers).map { _ in
            DecoderBlock<Scalar>(
                attentionNorm: RMSNorm(dimension: c.dimension, epsilon: epsilon),
                attention: Attention(dimension: c.dimension, heads: c.heads, keyValueHeads: c.keyValueHeads,
                                     causal: true, rotary: rotary, rng: &rng),
                feedForwardNorm: RMSNorm(dimension: c.dimension, epsilon: epsilon),
                feedForward: GatedFeedForward(dimension: c.dimension, hidden: c.hidden, rng: &rng))
        }
        let head = c.tiedEmbeddings ? nil : Linear<Scalar>(c.dimension, c.vocabularySize, bias: false, rng: &rng)
        self.init(configuration: c, embedding: Embedding(vocabularySize: c.vocabularySize, dimension: c.dimension, rng: &rng),
                  blocks: blocks, norm: RMSNorm(dimension: c.dimension, epsilon: epsilon), head: head)
    }

    /// A fresh cache for incremental decoding (one per layer).
    public func makeCache() -> [KeyValueCache<Scalar>] { blocks.map { _ in KeyValueCache() } }

    /// Logits [tokens.count, V] for `tokens` following the positions in `cache` (extended).
    public func callAsFunction(tokens: [Int], cache: [KeyValueCache<Scalar>]? = nil) -> Variable<Scalar> {
        let x = embedding(tokens: tokens).reshaped([1, tokens.count, configuration.dimension])
        return logits(hidden: x, cache: cache).reshaped([tokens.count, configuration.vocabularySize])
    }

    /// Ids [B, T] (as scalars) → logits [B, T, V].
    public func callAsFunction(_ ids: Variable<Scalar>) -> Variable<Scalar> {
        precondition(ids.shape.count == 2, "TransformerDecoder: ids \(ids.shape) are not [batch, positions]")
        return logits(hidden: embedding(ids), cache: nil)
    }

    /// The blocks, the final norm and the head on embedded inputs [B, T, D].
    public func logits(hidden x: Variable<Scalar>, cache: [KeyValueCache<Scalar>]?) -> Variable<Scalar> {
        var h = x
        for (i, block) in blocks.enumerated() { h = block(h, cache: cache?[i]) }
        h = norm(h)
        if let head { return head(h) }
        return h.matmul(embedding.weight, transposeOther: true)
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        var out: [(name: String, layer: any Layer<Scalar>)] = [("embedding", embedding)]
        out += blocks.enumerated().map { ("blocks.\($0.offset)", $0.element) }
        out.append(("norm", norm))
        if let head { out.append(("head", head)) }
        return out
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        let blocks = layers[1...configuration.layers].map { $0 as! DecoderBlock<Scalar> }
        let norm = layers[configuration.layers + 1]
        let head = configuration.tiedEmbeddings ? nil : layers[configuration.layers + 2]
        return TransformerDecoder(configuration: configuration, embedding: layers[0] as! Embedding<Scalar>,
                                  blocks: blocks, norm: norm, head: head)
    }
}
