/// What a `QuantumLayer` reads out of its circuit's final state, per sample.
public enum QuantumReadout: Sendable, Hashable {
    /// ⟨O_k⟩ for each observable (Pauli sums or projectors).
    case expectations([Observable])
    /// Probabilities of the chosen basis states of `qubits`: state c puts bit i of c on
    /// qubits[i] (qubits[0] least significant, QuantumSim's order).
    case basisStates(qubits: [Int], states: [Int])
    /// All 2ᵏ marginal probabilities of `qubits` (same bit order).
    case marginals(qubits: [Int])
    /// Fidelities |⟨t_c|ψ⟩|² of qubit 0 with single-qubit target states given as Bloch vectors
    /// (the data re-uploading classifier's readout); = ⟨(I + x X + y Y + z Z)/2⟩ on qubit 0.
    case fidelities([BlochVector])

    /// Values per sample.
    public var outputCount: Int {
        switch self {
        case .expectations(let o): o.count
        case .basisStates(_, let states): states.count
        case .marginals(let qubits): 1 << qubits.count
        case .fidelities(let targets): targets.count
        }
    }

    /// The observables measured.
    public var observables: [Observable] {
        switch self {
        case .expectations(let o): return o
        case let .basisStates(qubits, states):
            return states.map { c in .projector(qubits: qubits, bits: qubits.indices.map { (c >> $0) & 1 }) }
        case .marginals(let qubits):
            return QuantumReadout.basisStates(qubits: qubits, states: Array(0..<(1 << qubits.count))).observables
        case .fidelities(let targets):
            return targets.map { t in
                let factors: [(Double, Character)] = [(0.5, "I"), (0.5 * t.x, "X"), (0.5 * t.y, "Y"), (0.5 * t.z, "Z")]
                return .pauli(PauliSum(factors.map { ($0.0, PauliString([(0, $0.1)])) }))
            }
        }
    }

    /// Throws unless every qubit read is in 0..<`qubitCount` (and a fidelity readout reads a
    /// 1-qubit circuit).
    public func validate(qubitCount: Int) throws {
        if case .fidelities(let targets) = self, qubitCount != 1 || targets.isEmpty {
            throw QuantumSimError.invalidArgument("a fidelity readout needs a 1-qubit circuit and ≥ 1 target")
        }
        for o in observables { try o.validate(qubitCount: qubitCount) }
    }
}

/// A single-qubit pure state as its Bloch vector (x, y, z), |r| = 1.
public struct BlochVector: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}

