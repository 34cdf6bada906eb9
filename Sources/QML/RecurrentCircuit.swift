import QuantumSim

/// The variational circuit of Chen et al.'s quantum recurrent cells (QLSTM, arXiv 2009.01783;
/// QRNN-RC, arXiv 2211.02612) on q qubits: H on every qubit, RY(a_i) and RZ(b_i) reading inputs
/// i and q + i (the `ArctanEncoding` of the cell's q features); then per layer CNOT(i, i + 1) and
/// CNOT(i, i + 2) for every i (cyclic, as the paper's figure draws them; the next-nearest ring
/// only for q ≥ 3) and a general rotation Rot(α, β, γ) = RZ(γ)·RY(β)·RZ(α) on every qubit.
/// Read-out ⟨Z_i⟩ of every qubit. Inputs 2q, weights 3·q·layers, outputs q.
public enum RecurrentCircuit {
    public static func circuit(qubits q: Int, layers: Int) -> Circuit {
        var c = Circuit(qubits: q)
        for i in 0..<q {
            c.h(i)
            c.ry(.input(i), i)
            c.rz(.input(q + i), i)
        }
        var w = 0
        for _ in 0..<layers {
            entangle(&c, q)
            for i in 0..<q {
                c.rz(.weight(w), i)
                c.ry(.weight(w + 1), i)
                c.rz(.weight(w + 2), i)
                w += 3
            }
        }
        return c
    }

    static func entangle(_ c: inout Circuit, _ q: Int) {
        guard q > 1 else { return }
        let pairs = q == 2 ? [(0, 1)] : (0..<q).map { ($0, ($0 + 1) % q) }
        for (a, b) in pairs { c.cx(a, b) }
        guard q >= 3 else { return }
        for i in 0..<q { c.cx(i, (i + 2) % q) }
    }

    /// ⟨Z_i⟩ for every qubit.
    public static func readout(qubits q: Int) -> QuantumReadout {
        .expectations((0..<q).map { Observable.z($0) })
    }
}
