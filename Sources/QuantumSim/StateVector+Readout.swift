import Tensor

extension StateVector {
    /// |⟨i|ψ⟩|² for every basis state i (length 2ⁿ).
    public func probabilities() -> [Double] {
        withUnsafeReals { p in
            (0..<dimension).map { p[2 * $0].double * p[2 * $0].double + p[2 * $0 + 1].double * p[2 * $0 + 1].double }
        }
    }

    /// Marginal distribution of `qubits` (length 2^k): entry b has bit `k−1−i` equal to the
    /// value of `qubits[i]` (first listed qubit = most significant, as for gate matrices).
    public func probabilities(qubits: [Int]) -> [Double] {
        for q in qubits { precondition(q >= 0 && q < qubitCount, "qubit \(q) out of range 0..<\(qubitCount)") }
        precondition(Set(qubits).count == qubits.count, "repeated qubit in \(qubits)")
        let k = qubits.count
        var out = [Double](repeating: 0, count: 1 << k)
        let all = probabilities()
        for (j, pj) in all.enumerated() {
            var b = 0
            for (i, q) in qubits.enumerated() where (j >> q) & 1 == 1 { b |= 1 << (k - 1 - i) }
            out[b] += pj
        }
        return out
    }

    /// ⟨ψ|Π|ψ⟩ for the projector onto `qubits[i] = bits[i]`.
    public func projectorExpectation(qubits: [Int], bits: [Int]) -> Double {
        precondition(qubits.count == bits.count, "\(qubits.count) qubits but \(bits.count) bits")
        return expectation(.projector(qubits: qubits, bits: bits))
    }

    /// `shots` samples of a computational-basis measurement of `qubits` (all when nil), each
    /// an outcome index as in `probabilities(qubits:)`. Deterministic given the seed.
    /// O(2ⁿ + shots · log 2ᵏ).
    public func sample(shots: Int, qubits: [Int]? = nil, seed: UInt64) -> [Int] {
        precondition(shots >= 0, "shots must be ≥ 0")
        let probs = qubits.map { probabilities(qubits: $0) } ?? probabilities()
        var cumulative = [Double](repeating: 0, count: probs.count)
        var acc = 0.0
        for (i, p) in probs.enumerated() { acc += p; cumulative[i] = acc }
        var rng = RandomGenerator(seed: seed)
        return (0..<shots).map { _ in
            let u = rng.nextUnit() * acc
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }

    /// Counts of each outcome over `shots` samples (see `sample`).
    public func counts(shots: Int, qubits: [Int]? = nil, seed: UInt64) -> [Int: Int] {
        var c: [Int: Int] = [:]
        for s in sample(shots: shots, qubits: qubits, seed: seed) { c[s, default: 0] += 1 }
        return c
    }
}
