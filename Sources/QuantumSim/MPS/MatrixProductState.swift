import Foundation

/// An n-qubit state as a matrix product state (Vidal 2003; Schollwöck 2011):
/// ψ(s₀…s_{n−1}) = A₀[s₀]·A₁[s₁]⋯A_{n−1}[s_{n−1}], each Aᵢ[s] a χᵢ × χᵢ₊₁ matrix (χ₀ = χₙ = 1),
/// qubit i at site i. Kept in mixed canonical form around `center` (sites left of it
/// left-orthonormal, right of it right-orthonormal), so a two-site update truncated by SVD to
/// at most `maxBondDimension` singular values is the best approximation at that bond and the
/// discarded weight Σ s²_dropped / Σ s² is exactly the fidelity it loses; the weights add up in
/// `truncationError`. Memory O(n·χ²); a gate on neighbours O(χ³).
public struct MatrixProductState: Sendable {
    public let qubitCount: Int
    /// χ, the largest bond dimension kept (≥ 1).
    public let maxBondDimension: Int
    /// Singular values below this fraction of the largest are always dropped (numerical zeros).
    public var cutoff = 1e-14
    /// Site tensors, row-major [left][2][right].
    var tensors: [[Complex]]
    /// bonds[i] is the dimension between sites i − 1 and i; bonds[0] = bonds[n] = 1.
    var bonds: [Int]
    /// The orthogonality centre.
    public internal(set) var center = 0
    /// Σ of the discarded weights of every truncation so far; 1 − fidelity ≤ this.
    public internal(set) var truncationError = 0.0

    /// |0…0⟩ on `qubits` sites. Throws for no qubits or χ < 1.
    public init(qubits: Int, maxBondDimension: Int) throws {
        guard qubits >= 1 else { throw QuantumSimError.invalidArgument("a matrix product state needs at least one qubit") }
        guard maxBondDimension >= 1 else {
            throw QuantumSimError.invalidArgument("the bond dimension χ must be at least 1, got \(maxBondDimension)")
        }
        qubitCount = qubits
        self.maxBondDimension = maxBondDimension
        tensors = [[Complex]](repeating: [.one, .zero], count: qubits)
        bonds = [Int](repeating: 1, count: qubits + 1)
    }

    /// The bond dimensions between neighbouring sites (n − 1 values).
    public var bondDimensions: [Int] { Array(bonds[1..<qubitCount]) }

    /// ⟨s|ψ⟩ for the basis state whose bit q is qubit q. O(n·χ²).
    public func amplitude(_ index: Int) -> Complex {
        var row: [Complex] = [.one]
        for i in 0..<qubitCount {
            let s = (index >> i) & 1
            let (l, r) = (bonds[i], bonds[i + 1])
            var next = [Complex](repeating: .zero, count: r)
            for a in 0..<l where row[a] != .zero {
                for b in 0..<r { next[b] += row[a] * tensors[i][(a * 2 + s) * r + b] }
            }
            row = next
        }
        return row[0]
    }

    /// The whole state vector (qubit q = bit q of the index); n ≤ 24. O(2ⁿ·n·χ²).
    public func amplitudes() throws -> [Complex] {
        guard qubitCount <= 24 else { throw QuantumSimError.invalidArgument("\(qubitCount) qubits are too many to expand into a state vector") }
        return (0..<(1 << qubitCount)).map(amplitude)
    }

    /// ‖ψ‖²: the centre tensor's squared norm (the rest is orthonormal).
    public var normSquared: Double { tensors[center].reduce(0) { $0 + $1.magnitudeSquared } }
}
