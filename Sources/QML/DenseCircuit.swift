/// A small quantum circuit simulated with dense 2ⁿ-dimensional states (n ≤ 10), built for
/// the published QML models whose pieces QuantumSim's gate IR does not express: a per-sample
/// data Hamiltonian exp(−i·t·A/2) (Hamiltonian embedding), full SU(2ᵏ) gates
/// exp(i Σ ω P), amplitude-encoded initial states, and angles w_b + w_w·x (data re-uploading).
///
/// Wire 0 is the most significant bit of the basis index (PennyLane's order), so "basis
/// state |c⟩ on wires 0..k−1" reads the top bits. Run it as an autodiff op with
/// `DenseQuantumLayer`; gradients are exact (adjoint sweep with uncomputation, Fréchet
/// derivatives for the exponentials).
public struct DenseCircuit: Sendable {
    /// Fixed-form gates: one-qubit (wires [q]) and two-qubit (wires [a, b]; controlled gates
    /// are [control, target]).
    public enum Gate: String, Sendable, CaseIterable {
        case rx, ry, rz, u3, isingXX, isingYY, isingZZ, cnot, cz, x, h, crx, cry, crz, cu3

        /// Wires the gate acts on.
        public var arity: Int { [.rx, .ry, .rz, .u3, .x, .h].contains(self) ? 1 : 2 }
        /// Angles it takes.
        public var angleCount: Int {
            switch self {
            case .u3, .cu3: 3
            case .cnot, .cz, .x, .h: 0
            default: 1
            }
        }
    }

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
        /// A fixed-form gate.
        case gate(Gate, wires: [Int], angles: [Angle])
        /// V = exp(i Σ_k ω_k P_k) over all 4ᵏ−1 Pauli strings on `wires` (in order), with
        /// ω = weights[offset ..< offset + 4ᵏ − 1].
        case specialUnitary(wires: [Int], weightOffset: Int)
        /// exp(−i·t·A/2) on all wires, t = weights[time], A = (M + Mᵀ)/2 with M the sample's
        /// first 4ⁿ input features read as a row-major 2ⁿ×2ⁿ matrix.
        case hamiltonian(time: Int)
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

    /// What the circuit returns per sample.
    public enum Readout: Sendable, Equatable {
        /// Marginal probabilities of the 2ᵏ outcomes of `wires` (first wire most significant),
        /// the first `count` of them.
        case probabilities(wires: [Int], count: Int)
        /// ⟨Z_w⟩ for each wire.
        case pauliZ(wires: [Int])
        /// Fidelities |⟨target_c|ψ⟩|² with fixed single-qubit target states (Bloch vectors,
        /// on wire 0): the re-uploading classifier's readout.
        case fidelities(blochVectors: [(Double, Double, Double)])

        public static func == (a: Readout, b: Readout) -> Bool {
            switch (a, b) {
            case let (.probabilities(w1, c1), .probabilities(w2, c2)): w1 == w2 && c1 == c2
            case let (.pauliZ(w1), .pauliZ(w2)): w1 == w2
            case let (.fidelities(v1), .fidelities(v2)): v1.count == v2.count && zip(v1, v2).allSatisfy { $0 == $1 }
            default: false
            }
        }

        /// Values per sample.
        public var outputCount: Int {
            switch self {
            case .probabilities(_, let count): count
            case .pauliZ(let wires): wires.count
            case .fidelities(let v): v.count
            }
        }
    }

    /// Wires n.
    public let qubits: Int
    /// Starting state.
    public var initialState: InitialState
    /// The operations, applied in order.
    public private(set) var operations: [Operation] = []
    /// The readout.
    public var readout: Readout
    /// Trainable weights used (1 + the largest index referenced).
    public private(set) var weightCount = 0
    /// Input features each sample must provide (1 + the largest index referenced).
    public private(set) var inputCount = 0

    /// An empty circuit. Throws for n outside 1...10.
    public init(qubits: Int, initialState: InitialState = .zero, readout: Readout) throws {
        guard (1...10).contains(qubits) else { throw QMLError.invalidArgument("a dense circuit takes 1...10 qubits, got \(qubits)") }
        self.qubits = qubits
        self.initialState = initialState
        self.readout = readout
        if case .amplitude(let f) = initialState {
            guard f >= 1 && f <= 1 << qubits else { throw QMLError.invalidArgument("amplitude encoding of \(f) features needs 1...\(1 << qubits)") }
            inputCount = f
        }
        switch readout {
        case .probabilities(let wires, let count):
            try checkWires(wires)
            guard count >= 1 && count <= 1 << wires.count else { throw QMLError.invalidArgument("\(count) outcomes of \(wires.count) wires") }
        case .pauliZ(let wires): try checkWires(wires)
        case .fidelities(let v):
            guard qubits == 1, !v.isEmpty else { throw QMLError.invalidArgument("fidelity readout needs a 1-qubit circuit and ≥ 1 target") }
        }
    }

    func checkWires(_ wires: [Int]) throws {
        guard !wires.isEmpty, Set(wires).count == wires.count, wires.allSatisfy({ (0..<qubits).contains($0) }) else {
            throw QMLError.invalidArgument("wires \(wires) must be distinct and in 0..<\(qubits)")
        }
    }

    /// Appends an operation after checking its wires and angle count.
    public mutating func append(_ op: Operation) throws {
        switch op {
        case let .gate(gate, wires, angles):
            try checkWires(wires)
            guard wires.count == gate.arity, angles.count == gate.angleCount else {
                throw QMLError.invalidArgument("\(gate) takes \(gate.arity) wires and \(gate.angleCount) angles, got \(wires.count) and \(angles.count)")
            }
            for a in angles {
                switch a {
                case .constant: break
                case .weight(let i): weightCount = max(weightCount, i + 1)
                case .input(let j, _): inputCount = max(inputCount, j + 1)
                case let .affine(b, w, j):
                    weightCount = max(weightCount, b + 1, w + 1); inputCount = max(inputCount, j + 1)
                }
            }
        case let .specialUnitary(wires, offset):
            try checkWires(wires)
            guard wires.count <= 6 else { throw QMLError.invalidArgument("SU(2^k) gates take at most 6 wires, got \(wires.count)") }
            weightCount = max(weightCount, offset + (1 << (2 * wires.count)) - 1)
        case let .hamiltonian(time):
            weightCount = max(weightCount, time + 1)
            inputCount = max(inputCount, 1 << (2 * qubits))
        }
        operations.append(op)
    }

    /// Appends a gate (see `append(_:)`).
    public mutating func gate(_ gate: Gate, _ wires: [Int], _ angles: [Angle] = []) throws {
        try append(.gate(gate, wires: wires, angles: angles))
    }
}
