import Foundation

/// A mixed state ρ of n qubits, held as the 2n-qubit vector |ρ⟩⟩ = Σ ρ_ij |i⟩|j⟩ (ket qubits
/// 0..<n, bra qubits n..<2n; element (i, j) at index i + j·2ⁿ), so the state-vector kernels do
/// the work: a gate U is U on the ket qubits and U* on the bra qubits (UρU†), a channel its
/// superoperator Σ K ⊗ K* on both. O(4ⁿ) per 1-qubit gate; 16ⁿ… bytes: 2·4ⁿ reals.
public struct DensityMatrix<R: SimReal>: Sendable {
    /// n.
    public let qubitCount: Int
    /// |ρ⟩⟩, 2n qubits.
    public private(set) var vector: StateVector<R>

    /// |0…0⟩⟨0…0|. Throws for n outside 0...30 or when 2·4ⁿ reals do not fit in the memory available.
    public init(qubits n: Int) throws {
        guard (0...30).contains(n) else { throw QuantumSimError.invalidArgument("a density matrix needs 0...30 qubits, got \(n)") }
        qubitCount = n
        vector = try StateVector<R>(qubits: 2 * n)
    }

    /// |ψ⟩⟨ψ|.
    public init(pure psi: StateVector<R>) throws {
        try self.init(qubits: psi.qubitCount)
        let d = 1 << qubitCount
        let amplitudes = (0..<d).map { psi[$0] }
        vector.withUnsafeMutableReals { v in
            for j in 0..<d {
                for i in 0..<d {
                    let e = amplitudes[i] * amplitudes[j].conjugate
                    v[2 * (i + j * d)] = R(e.re)
                    v[2 * (i + j * d) + 1] = R(e.im)
                }
            }
        }
    }

    /// ρ_ij.
    public subscript(row i: Int, column j: Int) -> Complex { vector[i + j << qubitCount] }

    /// UρU† for a gate on this state's qubits.
    public mutating func apply(_ gate: BoundGate, threads: Int = 1) {
        let n = qubitCount
        for q in gate.targets + gate.controls {
            precondition(q >= 0 && q < n, "qubit \(q) out of range 0..<\(n)")
        }
        vector.apply(gate, threads: threads)
        let bra = BoundGate(targets: gate.targets.map { $0 + n }, controls: gate.controls.map { $0 + n },
                            matrix: gate.matrix.map(\.conjugate))
        vector.apply(bra, threads: threads)
    }

    /// ρ → Σ K ρ K† with `channel` on `qubits` (its arity of them, first the most significant).
    public mutating func apply(_ channel: KrausChannel, on qubits: [Int], threads: Int = 1) {
        let n = qubitCount
        precondition(qubits.count == channel.arity && Set(qubits).count == qubits.count && qubits.allSatisfy { (0..<n).contains($0) },
                     "channel of \(channel.arity) qubits on \(qubits) of \(n)")
        vector.apply(BoundGate(targets: qubits + qubits.map { $0 + n }, matrix: channel.superoperator), threads: threads)
    }

    /// Tr ρ (1 for a state; kept by every channel).
    public var trace: Double {
        (0..<(1 << qubitCount)).reduce(0.0) { $0 + self[row: $1, column: $1].re }
    }

    /// The diagonal: the probability of each basis state.
    public func probabilities() -> [Double] {
        (0..<(1 << qubitCount)).map { Swift.max(0, self[row: $0, column: $0].re) }
    }

    /// Tr(P ρ) = Σ_k phase(k)·ρ(k, k ⊕ x) for P|k⟩ = phase(k)|k ⊕ x⟩ (x = P's X mask).
    public func expectation(_ p: PauliString) -> Double {
        let d = 1 << qubitCount
        var sum = Complex.zero
        for k in 0..<d {
            let sign: Double = (k & p.zMask).nonzeroBitCount & 1 == 0 ? 1 : -1
            sum += sign * self[row: k, column: k ^ p.xMask]
        }
        return (p.yPhase * sum).re
    }

    /// Tr(H ρ) for a Pauli sum.
    public func expectation(_ h: PauliSum) -> Double {
        h.terms.reduce(0.0) { $0 + $1.coefficient * expectation($1.pauli) }
    }

    /// `shots` basis states drawn from the diagonal, seeded (as `StateVector.sample`), each bit
    /// then read through `readout`'s error when given.
    public func sample(shots: Int, seed: UInt64, readout: NoiseModel.Readout? = nil) -> [Int] {
        let p = probabilities()
        return OutcomeSampler.draw(from: readout.map { $0.apply(to: p, qubits: qubitCount) } ?? p, shots: shots, seed: seed)
    }
}
