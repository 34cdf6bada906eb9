/// The Elman cell: h_t = tanh(A([x_t, h_{t−1}])), one affine map A: F + H → H.
/// Cost per step: that of A on [N, F + H].
public final class RNNCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let map: any Layer<Scalar>
    public let stateCount = 1

    /// A cell over the affine map `map` ([N, F + H] → [N, H]).
    public init(inputSize: Int, hiddenSize: Int, map: any Layer<Scalar>) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.map = map
    }

    /// The classical cell: `map` is a `Linear`, drawn from `rng`.
    public convenience init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        let maps: [any Layer<Scalar>] = RecurrentMaps.linear(count: 1, inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng)
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, map: maps[0])
    }

    public func step(_ x: Variable<Scalar>, _ state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        [map(joined(x, state[0])).tanh()]
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { [("map", map)] }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        RNNCell(inputSize: inputSize, hiddenSize: hiddenSize, map: layers[0])
    }
}
