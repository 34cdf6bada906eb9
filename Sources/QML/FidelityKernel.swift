import QuantumSim

/// The fidelity (quantum) kernel of an encoding circuit U(x): k(x, y) = |⟨0|U(x)†U(y)|0⟩|² =
/// |⟨ψ(x)|ψ(y)⟩|². Each row's state is simulated once and all overlaps come from one complex
/// matrix product Ψ_a·Ψ_b† — O((n_a + n_b)·circuit + n_a·n_b·2^q) instead of one circuit per pair.
public struct FidelityKernel: Sendable {
    public let map: QuantumFeatureMap
    public var encoding: Circuit { map.encoding }

    /// Throws when the encoding reads trainable weights (a kernel is fixed) or reads no inputs.
    public init(_ encoding: Circuit) throws {
        map = try QuantumFeatureMap(encoding)
    }

    /// Features per row.
    public var features: Int { encoding.inputCount }

    /// k(a_i, b_j) for the rows of `a` and `b` ([rows][features] each): [a rows][b rows].
    public func matrix(_ a: [Double], _ b: [Double]) throws -> [Double] {
        let d = features
        guard a.count % d == 0, b.count % d == 0, !a.isEmpty, !b.isEmpty else {
            throw QMLError.invalidArgument("kernel rows hold \(d) features; got \(a.count) and \(b.count) values")
        }
        let left = try map.states(a)
        let right = b == a ? left : try map.states(b)
        return matrix(states: left, right)
    }

    /// k from encoded states (`QuantumFeatureMap.states`, [rows][2^q] each): [a rows][b rows],
    /// for callers that reuse the states.
    public func matrix(states left: [Complex], _ right: [Complex]) -> [Double] {
        let dim = 1 << encoding.qubitCount
        let (na, nb) = (left.count / dim, right.count / dim)
        // ⟨ψ(a_i)|ψ(b_j)⟩ = Σ_k conj(Ψa[i, k])·Ψb[j, k]: entry [j][i] of Ψb·Ψa†
        let overlaps = ComplexGEMM.multiply(right, left, nb, dim, na, adjointB: true)
        // overlaps is [b rows][a rows]; the kernel is symmetric in magnitude, transposed here
        return (0..<(na * nb)).map { overlaps[($0 % nb) * na + $0 / nb].magnitudeSquared }
    }

    /// The Gram matrix of the rows of `x`: [rows][rows].
    public func gram(_ x: [Double]) throws -> [Double] { try matrix(x, x) }
}
