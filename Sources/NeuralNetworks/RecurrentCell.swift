/// One step of a recurrent network: (x_t [N, F], state) → new state, where `state[0]` is the
/// hidden output h_t [N, H] (an LSTM also carries its cell c_t as `state[1]`). Every affine map
/// of a cell is a child layer [N, F + H] → [N, H]: a `Linear` for the classical cells, a
/// variational circuit between two small linear maps for the quantum ones (QML), so one cell
/// type serves both. Running a cell as a layer is one step from the zero state.
public protocol RecurrentCell<Scalar>: LayerContainer {
    /// Features per step, F.
    var inputSize: Int { get }
    /// Hidden width, H.
    var hiddenSize: Int { get }
    /// Tensors of state carried between steps (1: h; 2 for an LSTM: h and c).
    var stateCount: Int { get }
    /// The state after reading `x` [N, F] in `state` (each [N, H]).
    func step(_ x: Variable<Scalar>, _ state: [Variable<Scalar>]) -> [Variable<Scalar>]
}

extension RecurrentCell {
    /// The zero state for a batch of `n`.
    public func zeroState(batch n: Int) -> [Variable<Scalar>] {
        (0..<stateCount).map { _ in Variable(Tensor.zeros([n, hiddenSize])) }
    }

    /// One step from the zero state: h_1 [N, H].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        step(x, zeroState(batch: x.shape[0]))[0]
    }

    /// [x, h] along features: the input every affine map of a cell reads.
    func joined(_ x: Variable<Scalar>, _ h: Variable<Scalar>) -> Variable<Scalar> {
        .concatenated([x, h], axis: 1)
    }

    /// The maps a cell is built from, checked: each takes F + H features to H.
    static func checkedMaps(_ maps: [any Layer<Scalar>], count: Int, cell: String) -> [any Layer<Scalar>] {
        precondition(maps.count == count, "\(cell): needs \(count) affine maps, got \(maps.count)")
        return maps
    }
}

/// How a cell's affine maps [N, F + H] → [N, H] are made: the classical cells use
/// `RecurrentMaps.linear`; QML's quantum cells pass variational circuits.
public enum RecurrentMaps {
    /// `count` fully connected maps (F + H) → H, drawn from `rng` (PyTorch's U(−1/√fan-in, 1/√fan-in)).
    public static func linear<Scalar: TensorScalar>(count: Int, inputSize: Int, hiddenSize: Int,
                                                    rng: inout RandomGenerator) -> [any Layer<Scalar>] {
        (0..<count).map { _ in Linear<Scalar>(inputSize + hiddenSize, hiddenSize, rng: &rng) }
    }
}
