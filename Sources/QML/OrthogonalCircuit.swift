/// A circuit of real gates only — RY rotations, CNOTs and CZs — so its unitary is a real
/// orthogonal D×D matrix (D = 2ⁿ). On an amplitude-encoded batch that does not otherwise
/// depend on the data, the circuit is one matrix: states = A·Uᵀ for A [N, D], computed by one
/// GEMM instead of N state-vector runs. Qubit q is bit q of the basis index, as in QuantumSim.
public struct OrthogonalCircuit: Sendable, Equatable {
    /// One gate.
    public enum Operation: Sendable, Equatable {
        /// RY(θ) = [[cos θ/2, −sin θ/2], [sin θ/2, cos θ/2]] on `qubit`, θ = weights[weight].
        case ry(qubit: Int, weight: Int)
        /// X on `target` when `control` is 1.
        case cnot(control: Int, target: Int)
        /// −1 on the basis states where both qubits are 1.
        case cz(Int, Int)
    }

    /// The two-qubit gate of an entangling ring.
    public enum Entangler: String, Sendable, CaseIterable {
        case cnot, cz
    }

    /// Qubits n.
    public let qubits: Int
    /// The gates in order.
    public private(set) var operations: [Operation] = []
    /// Trainable angles (one per RY).
    public private(set) var weightCount = 0

    /// D = 2ⁿ.
    public var dimension: Int { 1 << qubits }

    /// An empty circuit on 1...12 qubits.
    public init(qubits: Int) throws {
        guard (1...12).contains(qubits) else { throw QMLError.invalidArgument("an orthogonal circuit takes 1...12 qubits, got \(qubits)") }
        self.qubits = qubits
    }

    /// `layers` layers of RY on every qubit, each followed by a ring of `entangler` gates
    /// (q, q+1) for q < n−1, then (n−1, 0) when n > 2; weights n·layers.
    public static func layered(qubits: Int, layers: Int, entangler: Entangler = .cnot) throws -> OrthogonalCircuit {
        var c = try OrthogonalCircuit(qubits: qubits)
        for _ in 0..<layers {
            for q in 0..<qubits { try c.ry(q) }
            let ring = qubits > 2 ? qubits : qubits - 1
            for q in 0..<ring {
                let (a, b) = (q, (q + 1) % qubits)
                try c.append(entangler == .cnot ? .cnot(control: a, target: b) : .cz(a, b))
            }
        }
        return c
    }

    /// Appends RY on `qubit` with the next free weight.
    public mutating func ry(_ qubit: Int) throws {
        try append(.ry(qubit: qubit, weight: weightCount))
    }

    /// Appends `op` after checking its qubits.
    public mutating func append(_ op: Operation) throws {
        let listed: [Int]
        switch op {
        case let .ry(q, _): listed = [q]
        case let .cnot(c, t): listed = [c, t]
        case let .cz(a, b): listed = [a, b]
        }
        guard listed.allSatisfy({ (0..<qubits).contains($0) }), Set(listed).count == listed.count else {
            throw QMLError.invalidArgument("gate \(op) needs distinct qubits in 0..<\(qubits)")
        }
        if case let .ry(_, w) = op { weightCount = Swift.max(weightCount, w + 1) }
        operations.append(op)
    }
}
