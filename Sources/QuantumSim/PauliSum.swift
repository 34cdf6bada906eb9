/// A tensor product of Pauli operators, stored as bit masks: `X` on `xMask`, `Z` on `zMask`
/// (a `Y` sets both bits; Y = i·X·Z).
///
/// `P|j⟩ = i^{#Y} · (−1)^{popcount(j & zMask)} · |j ⊕ xMask⟩`.
public struct PauliString: Hashable, Sendable, CustomStringConvertible {
    /// Qubits with X or Y.
    public var xMask: Int
    /// Qubits with Z or Y.
    public var zMask: Int

    /// The identity.
    public init() { xMask = 0; zMask = 0 }
    /// From masks.
    public init(xMask: Int, zMask: Int) { self.xMask = xMask; self.zMask = zMask }
    /// From a list of (qubit, "X"|"Y"|"Z"|"I") pairs.
    public init(_ factors: [(Int, Character)]) {
        xMask = 0; zMask = 0
        for (q, c) in factors {
            switch c {
            case "X", "x": xMask |= 1 << q
            case "Y", "y": xMask |= 1 << q; zMask |= 1 << q
            case "Z", "z": zMask |= 1 << q
            default: break
            }
        }
    }

    /// Number of Y factors.
    public var yCount: Int { (xMask & zMask).nonzeroBitCount }
    /// True when the operator is diagonal (only Z and I).
    public var isDiagonal: Bool { xMask == 0 }
    /// Largest qubit index used, or −1.
    public var maxQubit: Int { let m = xMask | zMask; return m == 0 ? -1 : Int.bitWidth - 1 - m.leadingZeroBitCount }

    /// `i^{#Y}`.
    var yPhase: Complex {
        switch yCount & 3 {
        case 0: return .one
        case 1: return .i
        case 2: return Complex(-1, 0)
        default: return Complex(0, -1)
        }
    }

    public var description: String {
        var parts: [String] = []
        for q in 0...max(0, maxQubit) {
            let x = (xMask >> q) & 1 == 1, z = (zMask >> q) & 1 == 1
            if x && z { parts.append("Y\(q)") } else if x { parts.append("X\(q)") } else if z { parts.append("Z\(q)") }
        }
        return parts.isEmpty ? "I" : parts.joined(separator: " ")
    }
}

/// A real linear combination of Pauli strings, `Σ_t c_t P_t` (a Hermitian observable).
///
/// Parse from text: `try PauliSum("0.5*Z0 Z1 - 1.2*X2 + Y3")`. Terms are separated by `+`/`-`;
/// a term is an optional coefficient (with optional `*`) and factors like `X3` (`I` allowed,
/// `Z0Z1` and `Z0*Z1` accepted); a term without factors is a multiple of the identity.
public struct PauliSum: Hashable, Sendable, CustomStringConvertible {
    /// The terms (coefficient, string).
    public var terms: [(coefficient: Double, pauli: PauliString)] {
        get { zip(coefficients, paulis).map { ($0, $1) } }
    }
    var coefficients: [Double]
    var paulis: [PauliString]

    /// A sum from explicit terms.
    public init(_ terms: [(Double, PauliString)]) {
        coefficients = terms.map(\.0)
        paulis = terms.map(\.1)
    }

    /// `Σ_i Z_i` over `qubits` qubits (W2's Hamiltonian).
    public static func sumZ(_ qubits: Int) -> PauliSum {
        PauliSum((0..<qubits).map { (1.0, PauliString(xMask: 0, zMask: 1 << $0)) })
    }

    /// Largest qubit index used, or −1.
    public var maxQubit: Int { paulis.map(\.maxQubit).max() ?? -1 }
    /// True when every term is diagonal.
    public var isDiagonal: Bool { paulis.allSatisfy(\.isDiagonal) }

    /// `a·self + b·other` (terms concatenated, not merged).
    public static func + (a: PauliSum, b: PauliSum) -> PauliSum { PauliSum(a.terms + b.terms) }
    public static func * (s: Double, a: PauliSum) -> PauliSum { PauliSum(a.terms.map { (s * $0.0, $0.1) }) }

    public static func == (a: PauliSum, b: PauliSum) -> Bool { a.coefficients == b.coefficients && a.paulis == b.paulis }
    public func hash(into h: inout Hasher) { h.combine(coefficients); h.combine(paulis) }

    public var description: String {
        terms.map { "\($0.coefficient)*\($0.pauli)" }.joined(separator: " + ")
    }
}
