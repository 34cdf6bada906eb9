extension QuantumProgram {
    /// ⟨O⟩ after running the program from |0…0⟩ (complex128).
    public func expectation(weights: [Double] = [], inputs: [Double] = [], observable: Observable,
                            policy: ExecutionPolicy = .serial) throws -> Double {
        try validate(weights: weights.count, inputs: inputs.count, observables: [observable])
        return try state(Double.self, weights: weights, inputs: inputs, policy: policy).expectation(observable)
    }

    /// The gradient of ⟨O⟩ by the parameter-shift rule, as hardware would estimate it (here
    /// with exact expectation values): every non-constant gate parameter is shifted on its own
    /// (two circuit runs, ±π/2, for uncontrolled gates; the four-term rule with ±π/2, ±3π/2 for
    /// controlled gates, whose generators have eigenvalue gaps ½ and 1), then the chain rule
    /// through `scale` maps the result to weights and inputs. O(parameters · circuit).
    public func parameterShiftGradient(weights: [Double], inputs: [Double] = [], observable: Observable) throws
        -> (weightGradient: [Double], inputGradient: [Double]) {
        try validate(weights: weights.count, inputs: inputs.count, observables: [observable])
        var wg = [Double](repeating: 0, count: weightCount)
        var xg = [Double](repeating: 0, count: inputCount)
        for term in ShiftTerm.terms(of: circuit) {
            let program = QuantumProgram(term.shifted(circuit), options: options)
            let dv = term.coefficient * term.scale * (try program.expectation(weights: weights, inputs: inputs, observable: observable))
            switch term.source {
            case let .weight(k): wg[k] += dv
            case let .input(k): xg[k] += dv
            case .constant: break
            }
        }
        return (wg, xg)
    }

    /// The gradient of ⟨O⟩ by central finite differences of step `h` in every weight and input.
    /// O((weights + inputs) · circuit); accurate to O(h²).
    public func finiteDifferenceGradient(weights: [Double], inputs: [Double] = [], observable: Observable,
                                         step h: Double = 1e-5) throws -> (weightGradient: [Double], inputGradient: [Double]) {
        try validate(weights: weights.count, inputs: inputs.count, observables: [observable])
        func e(_ w: [Double], _ x: [Double]) throws -> Double { try expectation(weights: w, inputs: x, observable: observable) }
        var wg = [Double](repeating: 0, count: weightCount), xg = [Double](repeating: 0, count: inputCount)
        for k in 0..<weightCount {
            var a = weights, b = weights
            a[k] += h; b[k] -= h
            wg[k] = (try e(a, inputs) - e(b, inputs)) / (2 * h)
        }
        for k in 0..<inputCount {
            var a = inputs, b = inputs
            a[k] += h; b[k] -= h
            xg[k] = (try e(weights, a) - e(weights, b)) / (2 * h)
        }
        return (wg, xg)
    }
}
