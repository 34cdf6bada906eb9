/// A small quantum circuit simulated with dense 2ⁿ-dimensional states (n ≤ 10), for models
/// whose pieces the compiled `QuantumProgram` does not express: a per-sample data Hamiltonian
/// exp(−i·t·A/2) (Hamiltonian embedding), full SU(2ᵏ) gates exp(i Σ ω P), amplitude-encoded
/// initial states, and angles w_b + w_w·x (data re-uploading). Its gates are QuantumSim's
/// `Gate`s with controls.
///
/// Qubit q is bit q of the basis index (qubit 0 least significant), as everywhere in
/// QuantumSim; a gate's matrix is read with its first listed qubit most significant (controls
/// before targets). Run it as an autodiff op with QML's `QuantumLayer`; gradients are exact
/// (adjoint sweep with uncomputation, Fréchet derivatives for the exponentials).
public struct DenseCircuit: Sendable {
    /// Where a gate angle comes from.
    public enum Angle: Hashable, Sendable {
        /// A fixed value.
        case constant(Double)
        /// Trainable weight `i`.
        case weight(Int)
        /// `scale · x_i` for input feature i.
        case input(Int, scale: Double)
        /// `w_bias + w_weight · x_input` (data re-uploading, Pérez-Salinas et al.).
        case affine(bias: Int, weight: Int, input: Int)

        var dependsOnInput: Bool {
            switch self {
            case .input, .affine: true
            default: false
            }
        }
    }

    /// One step of the circuit.
    public enum Operation: Sendable {
        /// `gate` on `targets`, applied when every qubit of `controls` is 1, with one angle per
        /// gate parameter.
        case gate(Gate, targets: [Int], controls: [Int], angles: [Angle])
        /// V = exp(i Σ_k ω_k P_k) over all 4ᵏ−1 Pauli strings on `qubits` (the first listed the
        /// leftmost letter), with ω = weights[offset ..< offset + 4ᵏ − 1].
        case specialUnitary(qubits: [Int], weightOffset: Int)
        /// V = exp(i Σ_k (a_k + i·b_k) P_k) = exp(i·A − B) with a = weights[offset ..< offset + m]
        /// and b = weights[offset + m ..< offset + 2m], m = 4ᵏ − 1: the SU(2ᵏ) gate with complex
        /// coefficients, as in code that keeps them in complex tensors. Not unitary once b ≠ 0
        /// (states grow or shrink); invertible, so the adjoint sweep still uncomputes.
        case complexSpecialUnitary(qubits: [Int], weightOffset: Int)
        /// exp(−i·t·A/2) on all qubits, t = weights[time], A = (M + Mᵀ)/2 with M the sample's
        /// first 4ⁿ input features read as a row-major 2ⁿ×2ⁿ matrix.
        case hamiltonian(time: Int)
        /// exp(−i·t·A/2) as `hamiltonian`, with a fixed time t (not trained).
        case fixedHamiltonian(time: Double)

        /// Weights an SU(2ᵏ) step reads from its offset: 4ᵏ − 1, twice that with complex
        /// coefficients (0 for other steps).
        var weightsRead: Int {
            switch self {
            case .specialUnitary(let listed, _): (1 << (2 * listed.count)) - 1
            case .complexSpecialUnitary(let listed, _): 2 * ((1 << (2 * listed.count)) - 1)
            default: 0
            }
        }

        /// Whether the step is a data Hamiltonian (trained time or fixed).
        var isHamiltonian: Bool {
            switch self {
            case .hamiltonian, .fixedHamiltonian: true
            default: false
            }
        }

        /// The evolution time of a Hamiltonian step under `weights` (0 for other steps).
        func hamiltonianTime(_ weights: [Double]) -> Double {
            switch self {
            case .hamiltonian(let t): weights[t]
            case .fixedHamiltonian(let time): time
            default: 0
            }
        }
    }

    /// The state each sample starts from.
    public enum InitialState: Sendable, Equatable {
        /// |0…0⟩.
        case zero
        /// |+⟩^⊗n.
        case plus
        /// The sample's first `features` inputs, L2-normalised and zero-padded to 2ⁿ.
        case amplitude(features: Int)
    }

    /// Qubits n.
    public let qubits: Int
    /// Starting state.
    public var initialState: InitialState
    /// The operations, applied in order.
    public private(set) var operations: [Operation] = []
    /// What each sample returns (basis states and marginals read qubits[0] as the least
    /// significant bit, as for `QuantumLayer`).
    public var readout: QuantumReadout
    /// Trainable weights used (1 + the largest index referenced).
    public private(set) var weightCount = 0
    /// Input features each sample must provide (1 + the largest index referenced).
    public private(set) var inputCount = 0

    /// An empty circuit. Throws for n outside 1...10.
    public init(qubits: Int, initialState: InitialState = .zero, readout: QuantumReadout) throws {
        guard (1...10).contains(qubits) else { throw QuantumSimError.invalidArgument("a dense circuit takes 1...10 qubits, got \(qubits)") }
        self.qubits = qubits
        self.initialState = initialState
        self.readout = readout
        if case .amplitude(let f) = initialState {
            guard f >= 1 && f <= 1 << qubits else { throw QuantumSimError.invalidArgument("amplitude encoding of \(f) features needs 1...\(1 << qubits)") }
            inputCount = f
        }
        try readout.validate(qubitCount: qubits)
        switch readout {
        case .basisStates(let listed, let states):
            try checkQubits(listed)
            guard !states.isEmpty, states.allSatisfy({ (0..<(1 << listed.count)).contains($0) }) else {
                throw QuantumSimError.invalidArgument("basis states \(states) of \(listed.count) qubits")
            }
        case .marginals(let listed): try checkQubits(listed)
        case .expectations(let observables):
            guard !observables.isEmpty else { throw QuantumSimError.invalidArgument("no observable to read out") }
        case .fidelities: break
        }
    }

    func checkQubits(_ listed: [Int]) throws {
        guard !listed.isEmpty, Set(listed).count == listed.count, listed.allSatisfy({ (0..<qubits).contains($0) }) else {
            throw QuantumSimError.invalidArgument("qubits \(listed) must be distinct and in 0..<\(qubits)")
        }
    }

    /// Appends an operation after checking its qubits and angle count.
    public mutating func append(_ op: Operation) throws {
        switch op {
        case let .gate(gate, targets, controls, angles):
            try checkGate(gate, targets: targets, controls: controls, angles: angles)
            for a in angles { count(a) }
        case let .specialUnitary(listed, offset), let .complexSpecialUnitary(listed, offset):
            try checkQubits(listed)
            guard listed.count <= 7 else {
                throw QuantumSimError.invalidArgument("SU(2^k) gates take at most 7 qubits, got \(listed.count)")
            }
            weightCount = max(weightCount, offset + op.weightsRead)
        case let .hamiltonian(time):
            weightCount = max(weightCount, time + 1)
            inputCount = max(inputCount, 1 << (2 * qubits))
        case .fixedHamiltonian:
            inputCount = max(inputCount, 1 << (2 * qubits))
        }
        operations.append(op)
    }

    func checkGate(_ gate: Gate, targets: [Int], controls: [Int], angles: [Angle]) throws {
        try checkQubits(controls + targets)
        guard targets.count == gate.qubitCount, angles.count == gate.parameterCount else {
            throw QuantumSimError.invalidArgument("\(gate.name) takes \(gate.qubitCount) qubits and \(gate.parameterCount) angles, "
                + "got \(targets.count) and \(angles.count)")
        }
        guard controls.count + targets.count <= 6 else {
            throw QuantumSimError.invalidArgument("a dense gate acts on at most 6 qubits with its controls")
        }
    }

    /// Counts the weights and inputs an angle reads.
    mutating func count(_ a: Angle) {
        switch a {
        case .constant: break
        case .weight(let i): weightCount = max(weightCount, i + 1)
        case .input(let j, _): inputCount = max(inputCount, j + 1)
        case let .affine(b, w, j):
            weightCount = max(weightCount, b + 1, w + 1)
            inputCount = max(inputCount, j + 1)
        }
    }

    /// Appends `gate` on `targets` with `controls` (see `append(_:)`).
    public mutating func gate(_ gate: Gate, _ targets: [Int], controls: [Int] = [], _ angles: [Angle] = []) throws {
        try append(.gate(gate, targets: targets, controls: controls, angles: angles))
    }
}
