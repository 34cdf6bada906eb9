import QuantumSim

/// The affine maps of the quantum recurrent cells (QRNN, QLSTM, QGRU): each is
/// Linear(F + H → q) → `ArctanEncoding` → `RecurrentCircuit` (⟨Z⟩ of q qubits) → Linear(q → H),
/// the small linear maps adapting sizes as in Chen et al. Pass them to `RNNCell`, `LSTMCell`
/// or `GRUCell`. Circuit weights are drawn uniformly from [0, 2π); with `frozen` they are a
/// buffer (a reservoir: no gradient, not trained). Each map costs one batched circuit
/// evaluation per step (and one adjoint sweep per sample backward).
public enum VariationalMaps {
    /// `count` maps [N, inputSize + hiddenSize] → [N, hiddenSize], seeded.
    public static func make<Scalar: TensorScalar>(count: Int, inputSize: Int, hiddenSize: Int, qubits: Int, layers: Int,
                                                 seed: UInt64, frozen: Bool = false) throws -> [any Layer<Scalar>] {
        var rng = RandomGenerator(seed: seed)
        let circuit = RecurrentCircuit.circuit(qubits: qubits, layers: layers)
        return try (0..<count).map { k in
            let inner = Linear<Scalar>(inputSize + hiddenSize, qubits, rng: &rng)
            let outer = Linear<Scalar>(qubits, hiddenSize, rng: &rng)
            let vqc = try QuantumLayer<Scalar>(circuit, readout: RecurrentCircuit.readout(qubits: qubits),
                                              seed: seed &+ 1 &+ UInt64(k), trainable: !frozen)
            return Sequential<Scalar>([inner, ArctanEncoding<Scalar>(), vqc, outer])
        }
    }

    /// The circuit weights among `layer`'s parameters and buffers (the quantum parameter count).
    public static func quantumWeightCount<Scalar: TensorScalar>(_ layer: any Layer<Scalar>) -> Int {
        layer.leaves.compactMap { $0.layer as? QuantumLayer<Scalar> }.reduce(0) { $0 + $1.weights.value.count }
    }
}

/// The quantum recurrent cells of Chen et al.: the classical cells with every affine map a
/// variational circuit (`VariationalMaps`).
public enum QuantumCells {
    /// The cell kinds: Elman, LSTM, GRU.
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case rnn, lstm, gru
        /// Affine maps per step.
        public var mapCount: Int { [.rnn: 1, .lstm: 4, .gru: 3][self]! }
    }

    /// A QRNN, QLSTM or QGRU cell on `qubits`-qubit circuits of `layers` layers, seeded.
    public static func make<Scalar: TensorScalar>(_ kind: Kind, inputSize: Int, hiddenSize: Int, qubits: Int, layers: Int,
                                                  seed: UInt64, frozen: Bool = false) throws -> any RecurrentCell<Scalar> {
        let maps: [any Layer<Scalar>] = try VariationalMaps.make(count: kind.mapCount, inputSize: inputSize, hiddenSize: hiddenSize, qubits: qubits,
                                            layers: layers, seed: seed, frozen: frozen)
        return cell(kind, inputSize: inputSize, hiddenSize: hiddenSize, maps: maps)
    }

    /// The classical cell of `kind` (Linear maps), seeded.
    public static func classical<Scalar: TensorScalar>(_ kind: Kind, inputSize: Int, hiddenSize: Int,
                                                       seed: UInt64) -> any RecurrentCell<Scalar> {
        var rng = RandomGenerator(seed: seed)
        let maps: [any Layer<Scalar>] = RecurrentMaps.linear(count: kind.mapCount, inputSize: inputSize, hiddenSize: hiddenSize,
                                                            rng: &rng)
        return cell(kind, inputSize: inputSize, hiddenSize: hiddenSize, maps: maps)
    }

    static func cell<Scalar: TensorScalar>(_ kind: Kind, inputSize: Int, hiddenSize: Int,
                                           maps: [any Layer<Scalar>]) -> any RecurrentCell<Scalar> {
        switch kind {
        case .rnn: RNNCell(inputSize: inputSize, hiddenSize: hiddenSize, map: maps[0])
        case .lstm: LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, maps: maps)
        case .gru: GRUCell(inputSize: inputSize, hiddenSize: hiddenSize, maps: maps)
        }
    }
}
