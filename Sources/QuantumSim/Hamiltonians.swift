/// Model Hamiltonians as Pauli sums, for VQE and QAOA.
public enum Hamiltonians {
    /// Max-Cut of a weighted graph as an energy to minimise: H = Σ_(i,j) w/2·(Z_i Z_j − 1), so
    /// E₀ = −(the largest cut's weight) and a basis state's energy is minus its cut.
    public static func maxCut(_ edges: [(Int, Int, Double)]) throws -> PauliSum {
        guard edges.allSatisfy({ $0.0 != $0.1 && $0.0 >= 0 && $0.1 >= 0 && $0.2.isFinite }) else {
            throw QuantumSimError.invalidArgument("Max-Cut edges join two different vertices ≥ 0 with a finite weight")
        }
        return PauliSum(edges.flatMap { i, j, w in
            [(w / 2, PauliString([(i, "Z"), (j, "Z")])), (-w / 2, PauliString())]
        })
    }

    /// Transverse-field Ising chain: H = −J Σ Z_i Z_(i+1) − h Σ X_i on n sites (the ring closed when `periodic`).
    public static func transverseIsing(sites n: Int, coupling j: Double = 1, field h: Double, periodic: Bool = false) throws -> PauliSum {
        guard n >= 2 else { throw QuantumSimError.invalidArgument("an Ising chain needs at least 2 sites, got \(n)") }
        let bonds = (0..<(periodic && n > 2 ? n : n - 1)).map { ($0, ($0 + 1) % n) }
        return PauliSum(bonds.map { (-j, PauliString([($0.0, "Z"), ($0.1, "Z")])) } + (0..<n).map { (-h, PauliString([($0, "X")])) })
    }

    /// Heisenberg XXZ chain: H = J Σ (X_i X_(i+1) + Y_i Y_(i+1) + Δ·Z_i Z_(i+1)) (Δ = 1: isotropic).
    public static func heisenberg(sites n: Int, coupling j: Double = 1, anisotropy delta: Double = 1,
                                  periodic: Bool = false) throws -> PauliSum {
        guard n >= 2 else { throw QuantumSimError.invalidArgument("a Heisenberg chain needs at least 2 sites, got \(n)") }
        let bonds = (0..<(periodic && n > 2 ? n : n - 1)).map { ($0, ($0 + 1) % n) }
        return PauliSum(bonds.flatMap { a, b in
            [(j, PauliString([(a, "X"), (b, "X")])), (j, PauliString([(a, "Y"), (b, "Y")])), (j * delta, PauliString([(a, "Z"), (b, "Z")]))]
        })
    }
}
