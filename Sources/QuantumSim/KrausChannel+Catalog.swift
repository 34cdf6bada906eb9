import Foundation

extension KrausChannel {
    static let pauli: [[Complex]] = [
        [.one, .zero, .zero, .one],
        [.zero, .one, .one, .zero],
        [.zero, Complex(0, -1), Complex(0, 1), .zero],
        [.one, .zero, .zero, Complex(-1)],
    ]

    /// ρ → (1 − p)ρ + p·Tr ρ·I/2ⁿ on `qubits` (1 or 2) qubits, 0 ≤ p ≤ 4ⁿ/(4ⁿ − 1): the identity
    /// with weight 1 − p(4ⁿ − 1)/4ⁿ and each other Pauli string with p/4ⁿ.
    public static func depolarizing(_ p: Double, qubits n: Int = 1) throws -> KrausChannel {
        guard (1...2).contains(n) else { throw QuantumSimError.invalidArgument("depolarizing channels act on 1 or 2 qubits, not \(n)") }
        let strings = Double(1 << (2 * n))
        try check(p, "the depolarizing probability", in: 0...(strings / (strings - 1)))
        let paulis = n == 1 ? pauli : pauli.flatMap { a in pauli.map { b in Embedding.kronecker(a, 2, b, 2) } }
        let weights = paulis.indices.map { $0 == 0 ? 1 - p * (strings - 1) / strings : p / strings }
        return try KrausChannel(arity: n, operators: zip(paulis, weights).map { m, w in m.map { w.squareRoot() * $0 } })
    }

    /// Energy relaxation: K₀ = [[1, 0], [0, √(1−γ)]], K₁ = [[0, √γ], [0, 0]].
    public static func amplitudeDamping(_ gamma: Double) throws -> KrausChannel {
        try check(gamma, "the amplitude damping γ")
        return try KrausChannel(arity: 1, operators: [
            [.one, .zero, .zero, Complex((1 - gamma).squareRoot())],
            [.zero, Complex(gamma.squareRoot()), .zero, .zero],
        ])
    }

    /// Pure dephasing: K₀ = [[1, 0], [0, √(1−λ)]], K₁ = [[0, 0], [0, √λ]] (coherences × √(1−λ)).
    public static func phaseDamping(_ lambda: Double) throws -> KrausChannel {
        try check(lambda, "the phase damping λ")
        return try KrausChannel(arity: 1, operators: [
            [.one, .zero, .zero, Complex((1 - lambda).squareRoot())],
            [.zero, .zero, .zero, Complex(lambda.squareRoot())],
        ])
    }

    /// X with probability p.
    public static func bitFlip(_ p: Double) throws -> KrausChannel {
        try check(p, "the bit-flip probability")
        return try KrausChannel(arity: 1, operators: [pauli[0].map { (1 - p).squareRoot() * $0 }, pauli[1].map { p.squareRoot() * $0 }])
    }

    /// Z with probability p.
    public static func phaseFlip(_ p: Double) throws -> KrausChannel {
        try check(p, "the phase-flip probability")
        return try KrausChannel(arity: 1, operators: [pauli[0].map { (1 - p).squareRoot() * $0 }, pauli[3].map { p.squareRoot() * $0 }])
    }

    /// Relaxation for `time` with T₁, T₂ (T₂ ≤ 2T₁, ground-state bath): populations relax by
    /// γ = 1 − e^(−t/T₁), coherences shrink by e^(−t/T₂) — amplitude damping γ followed by phase
    /// damping λ = 1 − e^(−2t(1/T₂ − 1/(2T₁))).
    public static func thermalRelaxation(t1: Double, t2: Double, time: Double) throws -> KrausChannel {
        guard t1 > 0, t2 > 0, t2 <= 2 * t1 + 1e-12, time >= 0, [t1, t2, time].allSatisfy(\.isFinite) else {
            throw QuantumSimError.invalidArgument("thermal relaxation needs T1 > 0, 0 < T2 ≤ 2·T1 and time ≥ 0; got T1 \(t1), T2 \(t2), time \(time)")
        }
        let gamma = 1 - exp(-time / t1)
        let lambda = Swift.max(0, 1 - exp(-2 * time * (1 / t2 - 1 / (2 * t1))))
        return try phaseDamping(lambda).after(try amplitudeDamping(gamma))
    }
}
