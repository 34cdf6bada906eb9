/// The gated recurrent unit (Cho et al.): r = σ(A_r [x, h]), z = σ(A_z [x, h]),
/// n = tanh(A_n [x, r ⊙ h]), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}. Three affine maps F + H → H
/// (children "reset", "update", "candidate").
public final class GRUCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    /// A_r, A_z, A_n.
    public let maps: [any Layer<Scalar>]
    public let stateCount = 1
    static var names: [String] { ["reset", "update", "candidate"] }

    /// A cell over three affine maps ([N, F + H] → [N, H]) in the order reset, update, candidate.
    public init(inputSize: Int, hiddenSize: Int, maps: [any Layer<Scalar>]) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.maps = Self.checkedMaps(maps, count: 3, cell: "GRUCell")
    }

    /// The classical cell: three `Linear` maps drawn from `rng`.
    public convenience init(inputSize: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize,
                  maps: RecurrentMaps.linear(count: 3, inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng))
    }

    public func step(_ x: Variable<Scalar>, _ state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let h = state[0]
        let z = joined(x, h)
        let reset = maps[0](z).sigmoid()
        let update = maps[1](z).sigmoid()
        let candidate = maps[2](joined(x, reset * h)).tanh()
        return [(1 - update) * candidate + update * h]
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { Array(zip(Self.names, maps)) }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        GRUCell(inputSize: inputSize, hiddenSize: hiddenSize, maps: layers)
    }
}
