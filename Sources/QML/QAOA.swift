import QuantumSim

/// The quantum approximate optimisation algorithm (Farhi, Goldstone & Gutmann 2014) for a
/// diagonal cost Hamiltonian C (Z and ZZ terms, as `Hamiltonians.maxCut`): from |+⟩ⁿ, p layers
/// of exp(−iγ_l C) (RZZ(2γ_l·c) per ZZ term, RZ(2γ_l·c) per Z term) and the mixer
/// exp(−iβ_l Σ X) (RX(2β_l)). Weights: (γ₁, β₁, …, γ_p, β_p).
public enum QAOA {
    public static func circuit(cost: PauliSum, qubits n: Int, layers p: Int) throws -> Circuit {
        guard cost.isDiagonal, cost.terms.allSatisfy({ $0.pauli.zMask.nonzeroBitCount <= 2 }) else {
            throw QMLError.invalidArgument("QAOA needs a cost of Z and ZZ terms")
        }
        guard cost.maxQubit < n, p >= 1 else { throw QMLError.invalidArgument("QAOA needs p ≥ 1 and the cost's qubits") }
        var c = Circuit(qubits: n)
        for q in 0..<n { c.h(q) }
        for l in 0..<p {
            for (coefficient, pauli) in cost.terms {
                let qs = (0..<n).filter { pauli.zMask >> $0 & 1 == 1 }
                let angle = 2 * coefficient * Parameter.weight(2 * l)
                if qs.count == 2 { c.rzz(angle, qs[0], qs[1]) }
                if qs.count == 1 { c.rz(angle, qs[0]) }
            }
            for q in 0..<n { c.rx(2 * Parameter.weight(2 * l + 1), q) }
        }
        return c
    }

    /// A linear ramp start (γ rising, β falling over the layers, step `delta`), an
    /// adiabatic-like schedule that avoids the worst local minima of random starts.
    public static func rampStart(layers p: Int, delta: Double = 0.75) -> [Double] {
        (0..<p).flatMap { l -> [Double] in
            let t = (Double(l) + 0.5) / Double(p)
            return [t * delta, (1 - t) * delta]
        }
    }

    /// ⟨C⟩ / E₀ for a cost whose ground energy E₀ is negative (Max-Cut: the expected cut over the largest cut).
    public static func approximationRatio(energy: Double, groundEnergy: Double) -> Double { energy / groundEnergy }
}
