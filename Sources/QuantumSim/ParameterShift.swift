/// One term of the parameter-shift rule: run the circuit with parameter `parameter` of
/// instruction `instruction` offset by `shift`, weigh the value by `coefficient`; the sum of
/// the terms of one parameter is ∂⟨O⟩/∂(its value). Uncontrolled Pauli rotations take two terms
/// (±π/2, ½); controlled ones four (±π/2 and ±3π/2, with (√2 ± 1)/(4√2)), their generators
/// having eigenvalue gaps ½ and 1.
public struct ShiftTerm: Sendable {
    public var instruction: Int
    public var parameter: Int
    public var shift: Double
    public var coefficient: Double
    /// Where the shifted parameter comes from, and d(value)/d(source).
    public var source: ParameterSource
    public var scale: Double

    /// The terms for every non-constant parameter of `circuit`.
    public static func terms(of circuit: Circuit) -> [ShiftTerm] {
        let h = Double.pi / 2
        let root2 = 2.0.squareRoot()
        let d1 = (root2 + 1) / (4 * root2)
        let d2 = (root2 - 1) / (4 * root2)
        var out = [ShiftTerm]()
        for (i, op) in circuit.instructions.enumerated() {
            for (j, p) in op.parameters.enumerated() where !p.isConstant {
                let rule: [(Double, Double)] = op.controls.isEmpty
                    ? [(h, 0.5), (-h, -0.5)]
                    : [(h, d1), (-h, -d1), (3 * h, -d2), (-3 * h, d2)]
                for (shift, c) in rule {
                    out.append(ShiftTerm(instruction: i, parameter: j, shift: shift, coefficient: c, source: p.source, scale: p.scale))
                }
            }
        }
        return out
    }

    /// `circuit` with this term's parameter shifted.
    public func shifted(_ circuit: Circuit) -> Circuit {
        var c = Circuit(qubits: circuit.qubitCount)
        for (k, var op) in circuit.instructions.enumerated() {
            if k == instruction { op.parameters[parameter].offset += shift }
            c.append(op)
        }
        return c
    }
}
