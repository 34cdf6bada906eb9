/// The long short-term memory cell (Hochreiter & Schmidhuber), on z = [x_t, h_{t−1}]:
/// f = σ(A_f z), i = σ(A_i z), g = tanh(A_g z), o = σ(A_o z);
/// c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t). State: [h, c], each [N, H].
/// Four affine maps F + H → H (children "forget", "input", "update", "output").
public final class LSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    /// A_f, A_i, A_g, A_o.
    public let maps: [any Layer<Scalar>]
    public let stateCount = 2
    static var names: [String] { ["forget", "input", "update", "output"] }

    /// A cell over four affine maps ([N, F + H] → [N, H]) in the order forget, input, update, output.
    public init(inputSize: Int, hiddenSize: Int, maps: [any Layer<Scalar>]) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.maps = Self.checkedMaps(maps, count: 4, cell: "LSTMCell")
    }

    /// The classical cell: four `Linear` maps drawn from `rng`.
    public convenience init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize,
                  maps: RecurrentMaps.linear(count: 4, inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng))
    }

    public func step(_ x: Variable<Scalar>, _ state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let z = joined(x, state[0])
        let forget = maps[0](z).sigmoid()
        let input = maps[1](z).sigmoid()
        let update = maps[2](z).tanh()
        let output = maps[3](z).sigmoid()
        let c = forget * state[1] + input * update
        return [output * c.tanh(), c]
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { Array(zip(Self.names, maps)) }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, maps: layers)
    }
}
