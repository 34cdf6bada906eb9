/// A Hermitian observable measured on a state.
public enum Observable: Hashable, Sendable {
    /// A Pauli sum `Σ c_t P_t`.
    case pauli(PauliSum)
    /// The projector `|b⟩⟨b|` onto basis values `bits[i]` (0/1) of `qubits[i]` (identity elsewhere).
    case projector(qubits: [Int], bits: [Int])

    /// `Z_q`.
    public static func z(_ q: Int) -> Observable { .pauli(PauliSum([(1, PauliString(xMask: 0, zMask: 1 << q))])) }
    /// Parses a Pauli sum, e.g. `"0.5*Z0 Z1 - X2"`.
    public static func parse(_ text: String) throws -> Observable { .pauli(try PauliSum(text)) }

    /// Largest qubit index used, or −1.
    public var maxQubit: Int {
        switch self {
        case let .pauli(s): return s.maxQubit
        case let .projector(q, _): return q.max() ?? -1
        }
    }

    /// Throws when the observable uses a qubit ≥ `qubitCount`.
    public func validate(qubitCount: Int) throws {
        if maxQubit >= qubitCount {
            throw QuantumSimError.qubitOutOfRange(qubit: maxQubit, qubitCount: qubitCount, context: "observable \(self)")
        }
    }
}

/// Kernels for observables on interleaved amplitudes (sums in double precision).
enum ObservableKernels {
    /// The diagonal of diagonal Pauli terms as a function of the basis index, as two tables
    /// `low[j & (2^k−1)] + high[j >> k]`, k = n/2, for terms that lie on one side of bit k.
    struct SplitDiagonal {
        var k: Int
        var low: [Double]
        var high: [Double]

        /// Whether a diagonal term with mask `z` lies on one side of bit n/2.
        static func fits(_ z: Int, qubits n: Int) -> Bool {
            let lowMask = (1 << (n / 2)) - 1
            return z & lowMask == 0 || z & ~lowMask == 0
        }

        init(_ terms: [(Double, PauliString)], qubits n: Int) {
            let k = n / 2
            let lowMask = (1 << k) - 1
            var low = [Double](repeating: 0, count: 1 << k)
            var high = [Double](repeating: 0, count: 1 << (n - k))
            for (c, p) in terms {
                precondition(Self.fits(p.zMask, qubits: n), "SplitDiagonal: term \(p) spans bit \(k)")
                if p.zMask & ~lowMask == 0 {
                    for j in low.indices { low[j] += (p.zMask & j).nonzeroBitCount & 1 == 0 ? c : -c }
                } else {
                    let z = p.zMask >> k
                    for j in high.indices { high[j] += (z & j).nonzeroBitCount & 1 == 0 ? c : -c }
                }
            }
            self.k = k; self.low = low; self.high = high
        }
        @inline(__always) func value(_ j: Int) -> Double { low[j & ((1 << k) - 1)] + high[j >> k] }
    }

    /// Diagonal terms split for the vector kernels: those on one side of bit n/2 share two tables
    /// (nil when there are none); a term on both sides (Z0 Z(n−1)) gets a signed pass of its own.
    static func partitionDiagonal(_ terms: [(Double, PauliString)], qubits n: Int)
        -> (own: [(Double, PauliString)], tables: SplitDiagonal?) {
        let split = terms.filter { SplitDiagonal.fits($0.1.zMask, qubits: n) }
        let own = terms.filter { !SplitDiagonal.fits($0.1.zMask, qubits: n) }
        return (own, split.isEmpty ? nil : SplitDiagonal(split, qubits: n))
    }

    /// ⟨ψ|O|ψ⟩.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func expectation<R: SimReal>(_ p: UnsafePointer<R>, qubits n: Int, _ o: Observable) -> Double {
        PreparedObservable(o, qubits: n).expectation(p, qubits: n)
    }

    /// dst += g · O · src.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func accumulateApply<R: SimReal>(_ src: UnsafePointer<R>, into dst: UnsafeMutablePointer<R>, qubits n: Int,
                                            _ o: Observable, scale g: Double) {
        let dim = 1 << n
        switch o {
        case let .projector(qubits, bits):
            let mask = qubits.reduce(0) { $0 | (1 << $1) }
            let value = zip(qubits, bits).reduce(0) { $0 | ($1.1 << $1.0) }
            let gr = R(g)
            for j in 0..<dim where j & mask == value {
                dst[2 * j] += gr * src[2 * j]; dst[2 * j + 1] += gr * src[2 * j + 1]
            }
        case let .pauli(sum):
            var diagTerms: [(Double, PauliString)] = []
            for (c, ps) in zip(sum.coefficients, sum.paulis) {
                if ps.isDiagonal { diagTerms.append((c, ps)); continue }
                flipApply(src, into: dst, qubits: n, x: ps.xMask, z: ps.zMask, scale: (g * c) * ps.yPhase)
            }
            let (own, tables) = partitionDiagonal(diagTerms, qubits: n)
            for (c, ps) in own { flipApply(src, into: dst, qubits: n, x: 0, z: ps.zMask, scale: Complex(g * c, 0)) }
            if let tables {
                for j in 0..<dim {
                    let v = R(g * tables.value(j))
                    dst[2 * j] += v * src[2 * j]; dst[2 * j + 1] += v * src[2 * j + 1]
                }
            }
        }
    }
}

extension StateVector {
    /// ⟨ψ|O|ψ⟩ (not divided by ‖ψ‖²). O(terms · 2ⁿ). Traps when O uses a qubit ≥ n.
    public func expectation(_ o: Observable) -> Double {
        precondition(o.maxQubit < qubitCount, "observable uses qubit \(o.maxQubit) of a \(qubitCount)-qubit state")
        return withUnsafeReals { ObservableKernels.expectation($0.baseAddress!, qubits: qubitCount, o) }
    }

    /// ⟨ψ|H|ψ⟩ for a Pauli sum.
    public func expectation(_ h: PauliSum) -> Double { expectation(.pauli(h)) }

    /// O·ψ as a new (unnormalised) state.
    public func applying(_ o: Observable) -> StateVector<R> {
        precondition(o.maxQubit < qubitCount, "observable uses qubit \(o.maxQubit) of a \(qubitCount)-qubit state")
        var out = self
        out.withUnsafeMutableReals { d in
            zeroFill(d.baseAddress!, count: d.count)
            withUnsafeReals { s in ObservableKernels.accumulateApply(s.baseAddress!, into: d.baseAddress!, qubits: qubitCount, o, scale: 1) }
        }
        return out
    }
}

/// An observable split once for the vector kernels: off-diagonal strings, diagonal strings
/// with a pass of their own, and the shared diagonal tables. A batch prepares each observable
/// once instead of per sample (for a 4-qubit quanvolution the split took a fifth of the time).
/// A class, so the per-sample loop retains one reference instead of copying four arrays.
final class PreparedObservable {
    /// The observable as given.
    let observable: Observable
    private let projector: (mask: Int, value: Int)?
    private let offDiagonal: [(coefficient: Double, phase: Complex, x: Int, z: Int)]
    private let own: [(Double, PauliString)]
    private let tables: ObservableKernels.SplitDiagonal?

    init(_ o: Observable, qubits n: Int) {
        observable = o
        switch o {
        case let .projector(qubits, bits):
            let mask = qubits.reduce(0) { $0 | (1 << $1) }
            projector = (mask, zip(qubits, bits).reduce(0) { $0 | ($1.1 << $1.0) })
            (offDiagonal, own, tables) = ([], [], nil)
        case let .pauli(sum):
            projector = nil
            var diagonal: [(Double, PauliString)] = []
            var off: [(coefficient: Double, phase: Complex, x: Int, z: Int)] = []
            for (c, ps) in zip(sum.coefficients, sum.paulis) {
                if ps.isDiagonal {
                    diagonal.append((c, ps))
                } else {
                    off.append((c, ps.yPhase, ps.xMask, ps.zMask))
                }
            }
            offDiagonal = off
            (own, tables) = ObservableKernels.partitionDiagonal(diagonal, qubits: n)
        }
    }

    /// ⟨ψ|O|ψ⟩ on an n-qubit state.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    func expectation<R: SimReal>(_ p: UnsafePointer<R>, qubits n: Int) -> Double {
        if let (mask, value) = projector {
            var s = 0.0
            for j in 0..<(1 << n) where j & mask == value {
                s += p[2 * j].double * p[2 * j].double + p[2 * j + 1].double * p[2 * j + 1].double
            }
            return s
        }
        var total = 0.0
        for term in offDiagonal {
            // ⟨ψ|P|ψ⟩ = i^{#Y} Σ_j conj(ψ_{j⊕x}) (−1)^{|j∧z|} ψ_j
            total += term.coefficient * (term.phase * ObservableKernels.flipSum(p, qubits: n, x: term.x, z: term.z)).re
        }
        for (c, ps) in own { total += c * ObservableKernels.flipSum(p, qubits: n, x: 0, z: ps.zMask).re }
        if let tables { total += ObservableKernels.diagonalSum(p, qubits: n, tables) }
        return total
    }
}
