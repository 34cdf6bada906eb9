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
        var wg = [Double](repeating: 0, count: weightCount), xg = [Double](repeating: 0, count: inputCount)
        let ops = circuit.instructions
        func shifted(_ i: Int, _ j: Int, _ s: Double) throws -> Double {
            var c = Circuit(qubits: qubitCount)
            for (k, var op) in ops.enumerated() {
                if k == i { op.parameters[j].offset += s }
                c.append(op)
            }
            return try QuantumProgram(c, options: options).expectation(weights: weights, inputs: inputs, observable: observable)
        }
        let d1 = (2.0.squareRoot() + 1) / (4 * 2.0.squareRoot()), d2 = (2.0.squareRoot() - 1) / (4 * 2.0.squareRoot())
        for (i, op) in ops.enumerated() {
            for (j, p) in op.parameters.enumerated() where !p.isConstant {
                let h = Double.pi / 2
                var dv: Double
                if op.controls.isEmpty {
                    dv = (try shifted(i, j, h) - shifted(i, j, -h)) / 2
                } else {
                    dv = d1 * (try shifted(i, j, h) - shifted(i, j, -h)) - d2 * (try shifted(i, j, 3 * h) - shifted(i, j, -3 * h))
                }
                dv *= p.scale
                switch p.source {
                case let .weight(k): wg[k] += dv
                case let .input(k): xg[k] += dv
                case .constant: break
                }
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
