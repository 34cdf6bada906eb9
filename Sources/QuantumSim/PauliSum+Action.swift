extension PauliSum {
    /// H·v for a vector of 2ⁿ amplitudes: each term adds c·P v, P|k⟩ = i^{#Y}(−1)^{|k ∧ z|}|k ⊕ x⟩.
    /// O(terms · 2ⁿ).
    public func applied(to v: [Complex]) -> [Complex] {
        var out = [Complex](repeating: .zero, count: v.count)
        for (c, p) in terms {
            let phase = c * p.yPhase
            for k in v.indices {
                let sign: Double = (k & p.zMask).nonzeroBitCount & 1 == 0 ? 1 : -1
                out[k ^ p.xMask] += sign * (phase * v[k])
            }
        }
        return out
    }

    /// The dense 2ⁿ×2ⁿ matrix on `qubits` qubits. O(terms · 4ⁿ) memory 16·4ⁿ bytes.
    public func matrix(qubits n: Int) -> ComplexMatrix {
        var m = ComplexMatrix(zeros: 1 << n)
        for j in 0..<(1 << n) {
            var e = [Complex](repeating: .zero, count: 1 << n)
            e[j] = .one
            for (i, value) in applied(to: e).enumerated() { m[i, j] = (value.re, value.im) }
        }
        return m
    }
}
