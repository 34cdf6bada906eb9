/// Quantum visual fields (Wang, Theobalt, Golyanik 2025; papers.md §A8), as read here: a
/// coordinate network (SIREN trunk) gives each point an energy vector of 2ⁿ values, its
/// normalised real amplitude encoding runs through RY + entangler layers, and the signal is
/// the probability that qubit 0 reads 1.
public enum QuantumVisualField {
    /// (x, y) [N, 2] → [N, 1]: `hidden` sine layers of `width`, a linear layer to 2ⁿ energies,
    /// then `OrthogonalAmplitudeLayer` with `OrthogonalCircuit.layered(qubits:layers:entangler:)`.
    public static func model<Scalar>(inputs: Int = 2, width: Int, hidden: Int, qubits: Int, layers: Int,
                                     entangler: OrthogonalCircuit.Entangler = .cnot, omega: Scalar = 30,
                                     seed: UInt64) throws -> Sequential<Scalar> {
        let trunk: Sequential<Scalar> = Models.siren(inputs: inputs, width: width, hidden: hidden, outputs: 1 << qubits,
                                                     omega: omega, seed: seed)
        let circuit = try OrthogonalCircuit.layered(qubits: qubits, layers: layers, entangler: entangler)
        let readout = try OrthogonalAmplitudeLayer<Scalar>(circuit, readout: .marginal(qubit: 0), seed: seed &+ 1)
        return Sequential(trunk.layers + [readout])
    }
}
