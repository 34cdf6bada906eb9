/// The gated MLP of LLaMA (SwiGLU): y = down(silu(gate(x)) ⊙ up(x)), x [..., D], the hidden
/// width H = gate's output. Cost O(3·D·H) per position.
public final class GatedFeedForward<Scalar: TensorScalar>: LayerContainer {
    public let gate: any Layer<Scalar>
    public let up: any Layer<Scalar>
    public let down: any Layer<Scalar>

    public init(gate: any Layer<Scalar>, up: any Layer<Scalar>, down: any Layer<Scalar>) {
        (self.gate, self.up, self.down) = (gate, up, down)
    }

    /// Random projections without biases.
    public convenience init(dimension: Int, hidden: Int, rng: inout RandomGenerator) {
        self.init(gate: Linear(dimension, hidden, bias: false, rng: &rng),
                  up: Linear(dimension, hidden, bias: false, rng: &rng),
                  down: Linear(hidden, dimension, bias: false, rng: &rng))
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        down(gate(x).silu() * up(x))
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("gate", gate), ("up", up), ("down", down)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        GatedFeedForward(gate: layers[0], up: layers[1], down: layers[2])
    }
}
