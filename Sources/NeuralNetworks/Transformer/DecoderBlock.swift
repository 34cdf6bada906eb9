/// One pre-norm decoder block: h = x + attention(norm₁(x)); y = h + mlp(norm₂(h)).
public final class DecoderBlock<Scalar: TensorScalar>: LayerContainer {
    public let attentionNorm: any Layer<Scalar>
    public let attention: Attention<Scalar>
    public let feedForwardNorm: any Layer<Scalar>
    public let feedForward: any Layer<Scalar>

    public init(attentionNorm: any Layer<Scalar>, attention: Attention<Scalar>,
                feedForwardNorm: any Layer<Scalar>, feedForward: any Layer<Scalar>) {
        self.attentionNorm = attentionNorm
        self.attention = attention
        self.feedForwardNorm = feedForwardNorm
        self.feedForward = feedForward
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { self(x, cache: nil) }

    /// The block on x [B, T, D], attending over `cache` too and extending it.
    public func callAsFunction(_ x: Variable<Scalar>, cache: KeyValueCache<Scalar>?) -> Variable<Scalar> {
        let h = x + attention(attentionNorm(x), cache: cache)
        return h + feedForward(feedForwardNorm(h))
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("attention_norm", attentionNorm), ("attention", attention),
         ("feed_forward_norm", feedForwardNorm), ("feed_forward", feedForward)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        DecoderBlock(attentionNorm: layers[0], attention: layers[1] as! Attention<Scalar>,
                     feedForwardNorm: layers[2], feedForward: layers[3])
    }
}
