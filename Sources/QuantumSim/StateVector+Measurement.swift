/// Mid-circuit measurement and reset on a state vector.
extension StateVector {
    /// Probability that measuring `qubit` gives 1 (`Σ |aᵢ|²` over indices with bit `qubit` set,
    /// divided by ‖ψ‖²). O(2ⁿ).
    public func probabilityOfOne(qubit: Int) -> Double {
        precondition(qubit >= 0 && qubit < qubitCount, "qubit \(qubit) out of range 0..<\(qubitCount)")
        return withUnsafeReals { p in
            var one = 0.0, all = 0.0
            for j in 0..<dimension {
                let m = p[2 * j].double * p[2 * j].double + p[2 * j + 1].double * p[2 * j + 1].double
                all += m
                if (j >> qubit) & 1 == 1 { one += m }
            }
            return all > 0 ? one / all : 0
        }
    }

    /// Measures `qubit` in the computational basis: outcome 1 when `uniform < P(1)`, else 0.
    /// The state collapses onto the outcome and is renormalised. Returns the outcome. O(2ⁿ).
    ///
    /// `uniform` is a number in [0, 1) from the caller's seeded generator, so a run is
    /// deterministic given its seed.
    public mutating func measure(qubit: Int, uniform: Double) -> Int {
        let p1 = probabilityOfOne(qubit: qubit)
        let outcome = uniform < p1 ? 1 : 0
        collapse(qubit: qubit, to: outcome, probability: outcome == 1 ? p1 : 1 - p1)
        return outcome
    }

    /// Resets `qubit` to |0⟩: measures it (with `uniform`) and flips it when the outcome was 1.
    public mutating func reset(qubit: Int, uniform: Double) {
        if measure(qubit: qubit, uniform: uniform) == 1 { flip(qubit: qubit) }
    }

    /// Projects onto `qubit = outcome` and divides by √probability (of the normalised state).
    mutating func collapse(qubit: Int, to outcome: Int, probability: Double) {
        let norm = normSquared
        let scale = probability > 0 ? 1 / (probability * norm).squareRoot() : 0
        let n = qubitCount
        withUnsafeMutableReals { p in
            let s = R(scale)
            for j in 0..<(1 << n) {
                if (j >> qubit) & 1 == outcome {
                    p[2 * j] *= s; p[2 * j + 1] *= s
                } else {
                    p[2 * j] = 0; p[2 * j + 1] = 0
                }
            }
        }
    }

    /// Swaps the amplitudes of `qubit` = 0 and 1 (an X gate): reset's flip after a measured 1.
    mutating func flip(qubit: Int) {
        let n = qubitCount
        withUnsafeMutableReals { p in
            for j in 0..<(1 << n) where (j >> qubit) & 1 == 1 {
                let k = j ^ (1 << qubit)
                p.swapAt(2 * k, 2 * j)
                p.swapAt(2 * k + 1, 2 * j + 1)
            }
        }
    }
}
