/// Electronic-structure Hamiltonians as qubit Pauli sums, for VQE. Generated once by
/// `Scripts/molecules/generate.py`: STO-3G basis, restricted Hartree–Fock orbitals from PySCF
/// 2.14, second quantisation and the Jordan–Wigner mapping from OpenFermion 1.8 (qubit 2i is
/// spatial orbital i spin up, 2i + 1 spin down), coefficients in hartree with the nuclear
/// repulsion (and frozen-core energy) in the identity term.
public struct Molecule: Sendable {
    public let name: String
    public let qubits: Int
    /// Electrons in the active space; the Hartree–Fock state fills qubits 0..<electrons.
    public let electrons: Int
    public let hamiltonian: PauliSum
    /// Hartree–Fock and exact (full CI in the active space) energies from the generator, Ha.
    public let hartreeFockEnergy: Double
    public let exactEnergy: Double
    /// Geometry, basis and active space.
    public let source: String

    /// H₂ at 0.735 Å, all four spin orbitals: 4 qubits, 15 terms.
    public static let h2 = Molecule(name: "h2", qubits: 4, electrons: 2, hamiltonian: parse(h2Table),
                                    hartreeFockEnergy: -1.116998996754, exactEnergy: -1.137306035753,
                                    source: "H2, 0.735 Å, STO-3G, Jordan–Wigner (PySCF 2.14 + OpenFermion 1.8)")

    /// LiH at 1.595 Å, Li 1s frozen, the next five spatial orbitals active: 10 qubits, 2 active
    /// electrons, 276 terms.
    public static let lih = Molecule(name: "lih", qubits: 10, electrons: 2, hamiltonian: parse(lihTable),
                                     hartreeFockEnergy: -7.862023860127, exactEnergy: -7.882174505767,
                                     source: "LiH, 1.595 Å, STO-3G, frozen 1s, 5 active orbitals, Jordan–Wigner (PySCF 2.14 + OpenFermion 1.8)")

    /// The Hartree–Fock basis state: X on qubits 0..<electrons.
    public var hartreeFockCircuit: Circuit {
        var c = Circuit(qubits: qubits)
        for q in 0..<electrons { c.x(q) }
        return c
    }

    /// Lines "coefficient P0 P1 …" (or "coefficient I") as a Pauli sum.
    static func parse(_ table: String) -> PauliSum {
        PauliSum(table.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            let factors = fields.dropFirst().compactMap { f -> (Int, Character)? in
                f == "I" ? nil : (Int(f.dropFirst())!, f.first!)
            }
            return (Double(fields[0])!, PauliString(Array(factors)))
        })
    }
}
