/// The 4ᵏ − 1 non-identity Pauli strings on a gate's k qubits, as `PauliString`s over the
/// gate's local index (its first listed qubit the most significant bit, as in gate matrices),
/// in lexicographic order over (I, X, Y, Z) with the first listed qubit the leftmost letter.
/// P|j⟩ = i^{#Y}·(−1)^{popcount(j & zMask)}·|j ⊕ xMask⟩.
///
/// Serves the SU(2ᵏ) gate V = exp(i Σ_k ω_k P_k): `hermitian(_:)` builds Σ ω_k P_k and
/// `coefficientGradient(_:)` contracts one cotangent matrix with all strings at once,
/// O(4ᵏ·2ᵏ) each.
public struct PauliBasis: Sendable {
    /// Qubits k.
    public let qubits: Int
    /// The strings on the local index.
    public let strings: [PauliString]
    /// Per string: bits flipped (X or Y).
    public let xMasks: [Int]
    /// Per string: bits with a sign (Z or Y).
    public let zMasks: [Int]
    /// Per string: number of Y factors mod 4 (the phase i^{#Y}).
    public let yPhases: [Int]

    /// All non-identity strings on `qubits` qubits (qubits ≤ 7: 16,383 strings).
    public init(qubits: Int) {
        precondition(qubits >= 1 && qubits <= 7, "PauliBasis: 1...7 qubits, got \(qubits)")
        self.qubits = qubits
        let letters: [Character] = ["I", "X", "Y", "Z"]
        strings = (1..<(1 << (2 * qubits))).map { code in
            // letter w (the w-th listed qubit) is the local index's bit k − 1 − w
            PauliString((0..<qubits).map { w in (qubits - 1 - w, letters[(code >> (2 * (qubits - 1 - w))) & 3]) })
        }
        xMasks = strings.map(\.xMask)
        zMasks = strings.map(\.zMask)
        yPhases = strings.map { $0.yCount & 3 }
    }

    /// Number of strings, 4ᵏ − 1.
    public var count: Int { xMasks.count }

    /// Element P_k[j ⊕ x, j] as (re, im).
    @inline(__always) func element(_ k: Int, column j: Int) -> (Double, Double) {
        let sign: Double = (j & zMasks[k]).nonzeroBitCount & 1 == 0 ? 1 : -1
        switch yPhases[k] {
        case 0: return (sign, 0)
        case 1: return (0, sign)
        case 2: return (-sign, 0)
        default: return (0, -sign)
        }
    }

    /// Σ_k ω_k P_k (Hermitian), `omega.count == count`.
    public func hermitian(_ omega: UnsafeBufferPointer<Double>) -> ComplexMatrix {
        precondition(omega.count == count, "PauliBasis: \(omega.count) coefficients for \(count) strings")
        let d = 1 << qubits
        var h = ComplexMatrix(zeros: d)
        for k in 0..<count where omega[k] != 0 {
            for j in 0..<d {
                let (re, im) = element(k, column: j)
                let i = j ^ xMasks[k]
                h.storage[2 * (i * d + j)] += omega[k] * re
                h.storage[2 * (i * d + j) + 1] += omega[k] * im
            }
        }
        return h
    }

    /// ∂L/∂ω_k = Re tr(Ḡ_H†·P_k) = Re Σ_j conj(Ḡ_H[j⊕x_k, j])·P_k[j⊕x_k, j], for every k,
    /// added into `out`.
    public func coefficientGradient(_ gH: ComplexMatrix, into out: UnsafeMutableBufferPointer<Double>) {
        let d = 1 << qubits
        for k in 0..<count {
            var s = 0.0
            for j in 0..<d {
                let (re, im) = element(k, column: j)
                let i = j ^ xMasks[k]
                s += gH.storage[2 * (i * d + j)] * re + gH.storage[2 * (i * d + j) + 1] * im
            }
            out[k] += s
        }
    }
}
