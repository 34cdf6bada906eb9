/// The MLP of BERT and GPT-2: y = output(gelu(input(x))), GELU in its exact erf form.
/// Cost O(2·D·H) per position.
public final class FeedForward<Scalar: TensorScalar>: LayerContainer {
    public let input: any Layer<Scalar>
    public let output: any Layer<Scalar>

    public init(input: any Layer<Scalar>, output: any Layer<Scalar>) {
        (self.input, self.output) = (input, output)
    }

    /// Random projections with biases.
    public convenience init(dimension: Int, hidden: Int, rng: inout RandomGenerator) {
        self.init(input: Linear(dimension, hidden, rng: &rng), output: Linear(hidden, dimension, rng: &rng))
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        output(input(x).gelu())
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("input", input), ("output", output)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        FeedForward(input: layers[0], output: layers[1])
    }
}
