/// Quantum visual fields (Wang, Theobalt, Golyanik 2025; papers.md §A8), as read here: a
/// coordinate network (SIREN trunk) gives each point an energy vector of 2ⁿ values, its
/// normalised real amplitude encoding runs through RY + entangler layers, and the signal is
/// the probability that qubit 0 reads 1.
public enum QuantumVisualField {
    /// (x, y) [N, 2] → [N, 1]: `hidden` sine layers of `width`, a linear layer to 2ⁿ energies
    /// (default initialisation: the energies' scale does not matter once normalised, and order-one
    /// energies keep Adam's steps small relative to them), then `OrthogonalAmplitudeLayer` with
    /// `OrthogonalCircuit.layered(qubits:layers:entangler:)`. Parameters: the SIREN trunk's,
    /// (width+1)·2ⁿ and n·layers angles.
    public static func model<Scalar>(inputs: Int = 2, width: Int, hidden: Int, qubits: Int, layers: Int,
                                     entangler: OrthogonalCircuit.Entangler = .cnot,
                                     encoding: OrthogonalAmplitudeLayer<Scalar>.Encoding = .boltzmann, omega: Scalar = 30,
                                     seed: UInt64) throws -> Sequential<Scalar> {
        var rng = RandomGenerator(seed: seed)
        let trunk: [any Layer<Scalar>] = Models.sineLayers(inputs: inputs, width: width, hidden: hidden, omega: omega, rng: &rng)
        let energy = Linear<Scalar>(width, 1 << qubits, rng: &rng)
        let circuit = try OrthogonalCircuit.layered(qubits: qubits, layers: layers, entangler: entangler)
        let readout = try OrthogonalAmplitudeLayer<Scalar>(circuit, encoding: encoding, readout: .marginal(qubit: 0),
                                                           seed: seed &+ 1)
        return Sequential(trunk + [energy, readout])
    }
}
