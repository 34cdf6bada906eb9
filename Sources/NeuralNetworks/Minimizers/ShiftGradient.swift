extension Objective {
    /// ∇f(x) from the objective's own gradient when it has one (counted as one evaluation), else
    /// by the parameter-shift rule on f, gᵢ = (f(x + π/2·eᵢ) − f(x − π/2·eᵢ)) / 2: exact when f is a
    /// sum of expectations in which each parameter drives one Pauli rotation, as Qiskit's AQGD
    /// assumes. 2d evaluations, added to `evaluations`.
    public func gradientOrShift(at x: [Double], evaluations: inout Int) throws -> [Double] {
        if let gradient {
            evaluations += 1
            return try gradient(x)
        }
        var g = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            var plus = x
            var minus = x
            plus[i] += Double.pi / 2
            minus[i] -= Double.pi / 2
            g[i] = (try value(plus) - value(minus)) / 2
        }
        evaluations += 2 * x.count
        return g
    }
}
