import Foundation

/// Unitary folding (Giurgica-Tiron et al. 2020, as Mitiq): a circuit made longer without
/// changing what it computes, so that on noisy hardware it carries about `scale` times the
/// noise. Scale factors are real ≥ 1; odd integers fold whole circuits or gates, the rest fold
/// a share of the gates once more.
public enum UnitaryFolding {
    /// Global folding: U·(U†U)^k, then the last s gates L folded once more as L†L, with
    /// k = ⌊(λ − 1)/2⌋ and s = round((λ − 1 − 2k)·d/2) of the d gates.
    public static func global(_ circuit: Circuit, scale: Double) throws -> Circuit {
        let (k, partial) = try split(scale, circuit.instructions.count)
        var out = circuit
        for _ in 0..<k {
            out.append(circuit.inverse)
            out.append(circuit)
        }
        var last = Circuit(qubits: circuit.qubitCount)
        for op in circuit.instructions.suffix(partial) { last.append(op) }
        out.append(last.inverse)
        out.append(last)
        return out
    }

    /// Local folding: every gate G becomes G·(G†G)^k, and the first s gates one fold more.
    public static func local(_ circuit: Circuit, scale: Double) throws -> Circuit {
        let (k, partial) = try split(scale, circuit.instructions.count)
        var out = Circuit(qubits: circuit.qubitCount)
        for (i, op) in circuit.instructions.enumerated() {
            out.append(op)
            for _ in 0..<(k + (i < partial ? 1 : 0)) {
                out.append(op.adjoint)
                out.append(op)
            }
        }
        return out
    }

    /// Whole folds and the number of gates folded once more for scale λ over d gates.
    static func split(_ scale: Double, _ d: Int) throws -> (Int, Int) {
        guard scale.isFinite, scale >= 1 else {
            throw QuantumSimError.invalidArgument("a folding scale factor must be ≥ 1, got \(scale)")
        }
        let k = Int(((scale - 1) / 2).rounded(.down))
        let partial = Int(((scale - 1 - 2 * Double(k)) * Double(d) / 2).rounded())
        return (k, min(partial, d))
    }
}
