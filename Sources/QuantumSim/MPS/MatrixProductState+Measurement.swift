import Tensor

extension MatrixProductState {
    /// `shots` basis states (bit q = qubit q) drawn from |ψ|², seeded: with the centre at site 0,
    /// site by site from the conditional probabilities ‖e·Aᵢ[s]‖² of the prefix e drawn so far.
    /// O(shots·n·χ²).
    public func sample(shots: Int, seed: UInt64) throws -> [Int] {
        var state = self
        try state.moveCenter(to: 0)
        var rng = RandomGenerator(seed: seed)
        return (0..<shots).map { _ in state.draw(&rng) }
    }

    func draw(_ rng: inout RandomGenerator) -> Int {
        var prefix: [Complex] = [.one]
        var index = 0
        for i in 0..<qubitCount {
            let (l, r) = (bonds[i], bonds[i + 1])
            let branches = (0..<2).map { s -> [Complex] in
                (0..<r).map { b in (0..<l).reduce(Complex.zero) { $0 + prefix[$1] * tensors[i][($1 * 2 + s) * r + b] } }
            }
            let weights = branches.map { $0.reduce(0) { $0 + $1.magnitudeSquared } }
            let s = rng.nextUnit() * (weights[0] + weights[1]) < weights[0] ? 0 : 1
            let scale = 1 / weights[s].squareRoot()
            prefix = branches[s].map { Complex(scale, 0) * $0 }
            index |= s << i
        }
        return index
    }

    /// ⟨self|other⟩ by transfer matrices from the left, E ← Σ_s Aᵢ[s]†·E·Bᵢ[s], two
    /// products per site and physical value. O(n·χ³).
    public func inner(_ other: MatrixProductState) -> Complex {
        precondition(other.qubitCount == qubitCount, "inner product of states of \(qubitCount) and \(other.qubitCount) qubits")
        var env: [Complex] = [.one]   // [a][a'] over this state's and the other's left bonds
        for i in 0..<qubitCount {
            let (l, r) = (bonds[i], bonds[i + 1])
            let (l2, r2) = (other.bonds[i], other.bonds[i + 1])
            var next = [Complex](repeating: .zero, count: r * r2)
            for s in 0..<2 {
                let b = other.slice(i, s)
                let eb = MPSAlgebra.multiply(env, b, l, l2, r2)
                let aDagger = slice(i, s, adjoint: true)
                let term = MPSAlgebra.multiply(aDagger, eb, r, l, r2)
                for k in next.indices { next[k] += term[k] }
            }
            env = next
        }
        return env[0]
    }

    /// Aᵢ[s] as an l × r matrix, or its conjugate transpose (r × l).
    func slice(_ i: Int, _ s: Int, adjoint: Bool = false) -> [Complex] {
        let (l, r) = (bonds[i], bonds[i + 1])
        if adjoint { return (0..<(r * l)).map { tensors[i][(($0 % l) * 2 + s) * r + $0 / l].conjugate } }
        return (0..<(l * r)).map { tensors[i][(($0 / r) * 2 + s) * r + $0 % r] }
    }

    /// ⟨ψ|P|ψ⟩ / ⟨ψ|ψ⟩ for a Pauli string on the state's qubits. O(n·χ³).
    public func expectation(_ pauli: PauliString) -> Double {
        var applied = self
        for q in 0..<qubitCount {
            let x = pauli.xMask >> q & 1 == 1
            let z = pauli.zMask >> q & 1 == 1
            guard x || z else { continue }
            let m: [Complex] = x && z ? [.zero, Complex(0, -1), Complex(0, 1), .zero]
                : x ? [.zero, .one, .one, .zero] : [.one, .zero, .zero, Complex(-1, 0)]
            applied.applyOne(m, at: q)
        }
        return inner(applied).re / normSquared
    }
}
