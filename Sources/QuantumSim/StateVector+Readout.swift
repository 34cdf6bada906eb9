import Tensor

extension StateVector {
    /// |⟨i|ψ⟩|² for every basis state i (length 2ⁿ).
    public func probabilities() -> [Double] {
        withUnsafeReals { p in
            (0..<dimension).map { p[2 * $0].double * p[2 * $0].double + p[2 * $0 + 1].double * p[2 * $0 + 1].double }
        }
    }

    /// |⟨i|ψ⟩|² of one basis state.
    @inlinable public func probability(_ index: Int) -> Double {
        let re = storage.pointer[2 * index].double
        let im = storage.pointer[2 * index + 1].double
        return re * re + im * im
    }

    /// Marginal distribution of `qubits` (length 2^k): entry b has bit `k−1−i` equal to the
    /// value of `qubits[i]` (first listed qubit = most significant, as for gate matrices).
    /// Memory O(2^k) beside the state; time O(k · 2ⁿ).
    public func probabilities(qubits: [Int]) -> [Double] {
        for q in qubits { precondition(q >= 0 && q < qubitCount, "qubit \(q) out of range 0..<\(qubitCount)") }
        precondition(Set(qubits).count == qubits.count, "repeated qubit in \(qubits)")
        let k = qubits.count
        var out = [Double](repeating: 0, count: 1 << k)
        for j in 0..<dimension {
            var b = 0
            for (i, q) in qubits.enumerated() where (j >> q) & 1 == 1 { b |= 1 << (k - 1 - i) }
            out[b] += probability(j)
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
    /// O(2ⁿ + shots · log 2ᵏ) time, 2ᵏ doubles beside the state.
    public func sample(shots: Int, qubits: [Int]? = nil, seed: UInt64) -> [Int] {
        precondition(shots >= 0, "shots must be ≥ 0")
        return OutcomeSampler.draw(from: qubits.map { probabilities(qubits: $0) } ?? probabilities(), shots: shots, seed: seed)
    }

    /// Counts of each outcome over `shots` samples: the same counts as `sample` with the same
    /// seed. Over all qubits it streams the state in two passes and keeps only the sorted
    /// uniforms (8 bytes per shot, no 2ⁿ table); over `qubits` it samples the marginal.
    public func counts(shots: Int, qubits: [Int]? = nil, seed: UInt64) -> [Int: Int] {
        var c: [Int: Int] = [:]
        if let qubits {
            for s in sample(shots: shots, qubits: qubits, seed: seed) { c[s, default: 0] += 1 }
            return c
        }
        precondition(shots >= 0, "shots must be ≥ 0")
        var total = 0.0
        for j in 0..<dimension { total += probability(j) }
        var rng = RandomGenerator(seed: seed)
        let uniforms = (0..<shots).map { _ in rng.nextUnit() * total }.sorted()
        // Outcome of u: the first index whose running sum exceeds u (as `sample`'s search).
        var j = 0
        var running = probability(0)
        for u in uniforms {
            while running <= u && j < dimension - 1 {
                j += 1
                running += probability(j)
            }
            c[j, default: 0] += 1
        }
        return c
    }
}

/// Basis-state outcomes drawn from a distribution.
public enum OutcomeSampler {
    /// `shots` outcome indices drawn from the (unnormalised) distribution `weights`, seeded:
    /// one uniform per shot, inverted through the cumulative sums by bisection.
    /// O(count + shots·log count).
    public static func draw(from weights: [Double], shots: Int, seed: UInt64) -> [Int] {
        precondition(shots >= 0, "shots must be ≥ 0")
        var cumulative = weights
        var acc = 0.0
        for i in cumulative.indices {
            acc += cumulative[i]
            cumulative[i] = acc
        }
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
}
