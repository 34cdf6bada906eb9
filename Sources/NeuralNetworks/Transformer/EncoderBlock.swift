/// One post-norm encoder block (BERT): h = norm₁(x + attention(x)); y = norm₂(h + mlp(h)).
/// Attention is bidirectional (every position sees every other). Shapes [B, T, D] → same.
public final class EncoderBlock<Scalar: TensorScalar>: LayerContainer {
    public let attention: Attention<Scalar>
    public let attentionNorm: any Layer<Scalar>
    public let feedForward: any Layer<Scalar>
    public let feedForwardNorm: any Layer<Scalar>

    public init(attention: Attention<Scalar>, attentionNorm: any Layer<Scalar>,
                feedForward: any Layer<Scalar>, feedForwardNorm: any Layer<Scalar>) {
        self.attention = attention
        self.attentionNorm = attentionNorm
        self.feedForward = feedForward
        self.feedForwardNorm = feedForwardNorm
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let h = attentionNorm(x + attention(x))
        return feedForwardNorm(h + feedForward(h))
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("attention", attention), ("attention_norm", attentionNorm),
         ("feed_forward", feedForward), ("feed_forward_norm", feedForwardNorm)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        EncoderBlock(attention: layers[0] as! Attention<Scalar>, attentionNorm: layers[1],
                     feedForward: layers[2], feedForwardNorm: layers[3])
    }
}
