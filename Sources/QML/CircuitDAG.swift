import QuantumSim
import Tensor

/// One gate of a searched architecture: a kind from the search space and its qubits
/// (one for rotations; control then target for CNOT, the pair for CZ).
public struct ArchitectureGate: Hashable, Sendable {
    public enum Kind: Int, CaseIterable, Sendable {
        case rx, ry, rz, cnot, cz

        public var qubitCount: Int { self == .cnot || self == .cz ? 2 : 1 }
    }

    public var kind: Kind
    public var qubits: [Int]

    public init(_ kind: Kind, _ qubits: [Int]) {
        self.kind = kind
        self.qubits = qubits
    }
}

/// A circuit architecture as a directed acyclic graph, as quantum architecture search encodes it
/// (Sun et al. 2024, after arch2vec): nodes START, the gates in order, END, padded to
/// `maxGates + 2`; a node's features are the one-hot of its type (START, RX, RY, RZ, CNOT, CZ, END)
/// followed by one bit per qubit it acts on (the improved encoding; START and END act on all);
/// an edge i → j when j is the next node on one of i's qubits.
public struct CircuitDAG: Sendable, Equatable {
    public let qubits: Int
    public let maxGates: Int
    public let gates: [ArchitectureGate]

    /// Throws when a gate's qubits are out of range, repeated or of the wrong count, or there
    /// are more than `maxGates` gates.
    public init(_ gates: [ArchitectureGate], qubits: Int, maxGates: Int) throws {
        guard gates.count <= maxGates else { throw QMLError.invalidArgument("\(gates.count) gates; the encoding holds \(maxGates)") }
        for g in gates where g.qubits.count != g.kind.qubitCount || Set(g.qubits).count != g.qubits.count
            || !g.qubits.allSatisfy({ (0..<qubits).contains($0) }) {
            throw QMLError.invalidArgument("gate \(g.kind) on \(g.qubits): needs \(g.kind.qubitCount) distinct qubits below \(qubits)")
        }
        self.qubits = qubits
        self.maxGates = maxGates
        self.gates = gates
    }

    /// Node types: 0 START, 1…5 the gate kinds, 6 END.
    public static let typeCount = 7
    public var nodeCount: Int { maxGates + 2 }
    public var featureCount: Int { Self.typeCount + qubits }

    /// Node features [nodes][types + qubits]; padding rows are zero.
    public var features: [Double] {
        var out = [Double](repeating: 0, count: nodeCount * featureCount)
        func set(_ node: Int, type: Int, on qs: [Int]) {
            out[node * featureCount + type] = 1
            for q in qs { out[node * featureCount + Self.typeCount + q] = 1 }
        }
        set(0, type: 0, on: Array(0..<qubits))
        for (i, g) in gates.enumerated() { set(i + 1, type: g.kind.rawValue + 1, on: g.qubits) }
        set(gates.count + 1, type: Self.typeCount - 1, on: Array(0..<qubits))
        return out
    }

    /// Directed adjacency [nodes][nodes]: 1 at (i, j) when node j follows node i on a qubit.
    public var adjacency: [Double] {
        var out = [Double](repeating: 0, count: nodeCount * nodeCount)
        var last = [Int](repeating: 0, count: qubits)   // START
        for (i, g) in gates.enumerated() {
            for q in g.qubits {
                out[last[q] * nodeCount + i + 1] = 1
                last[q] = i + 1
            }
        }
        for q in 0..<qubits { out[last[q] * nodeCount + gates.count + 1] = 1 }
        return out
    }

    /// The graph packed for `GINConvolution`: [nodes][nodes + 1 + features], the adjacency made
    /// symmetric (A + Aᵀ, message passing both ways), the mask 1 on START…END.
    public var packed: [Double] {
        let n = nodeCount
        let (a, x) = (adjacency, features)
        let width = n + 1 + featureCount
        var out = [Double](repeating: 0, count: n * width)
        for i in 0..<n {
            for j in 0..<n { out[i * width + j] = max(a[i * n + j], a[j * n + i]) }
            out[i * width + n] = i < gates.count + 2 ? 1 : 0
            for k in 0..<featureCount { out[i * width + n + 1 + k] = x[i * featureCount + k] }
        }
        return out
    }

    /// The circuit: each rotation reads its own weight, in gate order.
    public var circuit: Circuit {
        var c = Circuit(qubits: qubits)
        var w = 0
        for g in gates {
            switch g.kind {
            case .rx: c.rx(.weight(w), g.qubits[0])
            case .ry: c.ry(.weight(w), g.qubits[0])
            case .rz: c.rz(.weight(w), g.qubits[0])
            case .cnot: c.cx(g.qubits[0], g.qubits[1])
            case .cz: c.cz(g.qubits[0], g.qubits[1])
            }
            if g.kind.qubitCount == 1 { w += 1 }
        }
        return c
    }

    /// `count` gates drawn uniformly from the search space (kind, then qubits), seeded.
    public static func random(qubits: Int, gates count: Int, rng: inout RandomGenerator) -> [ArchitectureGate] {
        (0..<count).map { _ in
            let kind = ArchitectureGate.Kind.allCases[Int(rng.next(upperBound: UInt64(qubits >= 2 ? 5 : 3)))]
            let order = rng.permutation(qubits)
            return ArchitectureGate(kind, Array(order.prefix(kind.qubitCount)))
        }
    }
}
