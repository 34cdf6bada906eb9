extension Circuit {
    /// exp(−i·θ/2·P) for a Pauli string P: each X factor turned to Z by H and each Y by
    /// RX(π/2), the parity gathered onto the last qubit by a CNOT ladder, RZ(θ) there, then
    /// everything undone. 2(k − 1) CNOTs for k factors; the identity does nothing.
    public mutating func pauliRotation(_ pauli: PauliString, _ theta: Parameter) {
        let qubits = (0...max(pauli.maxQubit, 0)).filter { (pauli.xMask | pauli.zMask) >> $0 & 1 == 1 }
        guard let last = qubits.last else { return }
        func basis(_ forward: Bool) {
            for q in qubits {
                let x = pauli.xMask >> q & 1 == 1
                let z = pauli.zMask >> q & 1 == 1
                if x && !z { h(q) }
                if x && z { rx(.constant(forward ? Double.pi / 2 : -Double.pi / 2), q) }
            }
        }
        basis(true)
        for (a, b) in zip(qubits, qubits.dropFirst()) { cx(a, b) }
        rz(theta, last)
        for (a, b) in zip(qubits, qubits.dropFirst()).reversed() { cx(a, b) }
        basis(false)
    }
}

extension PauliSum {
    /// The generator of a fermionic double excitation in the Jordan–Wigner picture on four
    /// qubits with no others between them, G = −i(|1100⟩⟨0011| − h.c.) over (p, q, r, s) with
    /// (p, q) occupied in |0011⟩: eight commuting Pauli strings of weight ±1/8, found by
    /// expanding |0⟩⟨1| = (X + iY)/2 and |1⟩⟨0| = (X − iY)/2 on each qubit.
    public static func doubleExcitationGenerator(_ p: Int, _ q: Int, _ r: Int, _ s: Int) -> PauliSum {
        // |b⟩⟨a| lowers p, q and raises r, s: factors (X + iY)/2 on p, q and (X − iY)/2 on r, s.
        let signs = [(p, 1.0), (q, 1.0), (r, -1.0), (s, -1.0)]
        var terms = [(Double, PauliString)]()
        for choice in 0..<16 {
            var coefficient = Complex(1.0 / 16, 0)
            var factors = [(Int, Character)]()
            for (bit, (qubit, sign)) in signs.enumerated() {
                if choice >> bit & 1 == 1 {
                    coefficient = coefficient * Complex(0, sign)
                    factors.append((qubit, "Y"))
                } else {
                    factors.append((qubit, "X"))
                }
            }
            // G = −i(B − B†) = 2·Im(B) part: the Hermitian combination keeps 2·coefficient.im.
            let weight = 2 * coefficient.im
            if weight != 0 { terms.append((weight, PauliString(factors))) }
        }
        return PauliSum(terms)
    }
}
