/// Trainable circuit templates (ansätze) as QuantumSim circuits. Each allocates its own
/// weights 0 ..< weightCount; `+` renumbers the right-hand side's weights after the left's, so
/// `Encoders.angle(…) + Templates.a(…) + Templates.b(…)` has distinct weights throughout.
public enum Templates {
    /// Basic entangler: per layer RX(w) on every qubit, then a ring of CNOTs (n ≥ 3; one CNOT for n = 2).
    /// Weights: layers·n.
    public static func basicEntangler(qubits n: Int, layers: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for _ in 0..<layers {
            for q in 0..<n { c.rx(.weight(w), q); w += 1 }
            ring(&c, n)
        }
        return c
    }

    /// Random layers in the manner of PennyLane's `RandomLayers`: per layer, `rotations`
    /// rotations, each an RX, RY or RZ (uniformly) with its own weight on a uniformly drawn
    /// qubit; before each, with probability `imprimitiveRatio`, CNOTs on a random ordered pair
    /// of distinct qubits are inserted (repeatedly, as the reference's loop does). The structure
    /// is drawn from `seed` (our generator, so the circuits differ from PennyLane's for the same
    /// seed, not in distribution). Weights: layers·rotations.
    public static func randomLayers(qubits n: Int, layers: Int, rotations: Int? = nil, imprimitiveRatio: Double = 0.3,
                                    seed: UInt64) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        var rng = RandomGenerator(seed: seed)
        for _ in 0..<(layers * (rotations ?? n)) {
            while n > 1 && rng.nextUnit() < imprimitiveRatio {
                let order = rng.permutation(n)
                c.cx(order[0], order[1])
            }
            let q = Int(rng.next(upperBound: UInt64(n)))
            switch rng.next(upperBound: UInt64(3)) {
            case 0: c.rx(.weight(w), q)
            case 1: c.ry(.weight(w), q)
            default: c.rz(.weight(w), q)
            }
            w += 1
        }
        return c
    }

    /// Strongly entangling layers (Schuld et al.): per layer Rot = RZ·RY·RZ on every qubit, then
    /// CNOT(q, q + r mod n) with range r = (layer mod (n−1)) + 1. Weights: 3·layers·n.
    public static func stronglyEntangling(qubits n: Int, layers: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for l in 0..<layers {
            for q in 0..<n { c.rz(.weight(w), q); c.ry(.weight(w + 1), q); c.rz(.weight(w + 2), q); w += 3 }
            if n > 1 {
                let r = l % (n - 1) + 1
                for q in 0..<n { c.cx(q, (q + r) % n) }
            }
        }
        return c
    }

    /// Hardware-efficient ansatz: per layer RY(w) and RZ(w) on every qubit, then a CNOT ring.
    /// Weights: 2·layers·n.
    public static func hardwareEfficient(qubits n: Int, layers: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for _ in 0..<layers {
            for q in 0..<n { c.ry(.weight(w), q); c.rz(.weight(w + 1), q); w += 2 }
            ring(&c, n)
        }
        return c
    }

    /// Qiskit's EfficientSU2 (linear entanglement): reps × [RY, RZ on every qubit; CNOT(q, q+1)],
    /// then a final RY, RZ layer. Weights: 2·n·(reps + 1).
    public static func efficientSU2(qubits n: Int, reps: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for r in 0...reps {
            for q in 0..<n { c.ry(.weight(w), q); w += 1 }
            for q in 0..<n { c.rz(.weight(w), q); w += 1 }
            if r < reps { for q in 0..<(n - 1) { c.cx(q, q + 1) } }
        }
        return c
    }

    /// Qiskit's RealAmplitudes (linear entanglement): RY on every qubit, then reps ×
    /// [CNOT(q, q+1); RY on every qubit]. Real amplitudes only, as ground states of real
    /// Hamiltonians have. Weights: n·(reps + 1).
    public static func realAmplitudes(qubits n: Int, reps: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for r in 0...reps {
            if r > 0 { for q in 0..<(n - 1) { c.cx(q, q + 1) } }
            for q in 0..<n { c.ry(.weight(w), q); w += 1 }
        }
        return c
    }

    /// A fermionic double excitation exp(−iθ/2·G) on qubits p, q → r, s (Jordan–Wigner, no
    /// qubits between them), G from `PauliSum.doubleExcitationGenerator`: eight commuting Pauli
    /// rotations sharing `weight`. Rotates |p q occupied⟩ into |r s occupied⟩ and conserves the
    /// particle number; on H₂'s Hartree–Fock state it reaches the exact ground state.
    public static func doubleExcitation(qubits n: Int, _ p: Int, _ q: Int, _ r: Int, _ s: Int, weight: Int = 0) -> Circuit {
        var c = Circuit(qubits: n)
        for (coefficient, pauli) in PauliSum.doubleExcitationGenerator(p, q, r, s).terms {
            c.pauliRotation(pauli, coefficient * Parameter.weight(weight))
        }
        return c
    }

    /// A general two-qubit gate, 15 weights: U3⊗U3, RXX·RYY·RZZ, U3⊗U3 (the KAK form, which
    /// reaches every SU(4) element). The exponential form exp(i Σ ω P) over the 15 Pauli
    /// strings is `DenseCircuit.Operation.specialUnitary`.
    public static func su4(_ a: Int, _ b: Int) -> Circuit {
        let w = 0
        var c = Circuit(qubits: Swift.max(a, b) + 1)
        c.u3(.weight(w), .weight(w + 1), .weight(w + 2), a); c.u3(.weight(w + 3), .weight(w + 4), .weight(w + 5), b)
        c.rxx(.weight(w + 6), a, b); c.ryy(.weight(w + 7), a, b); c.rzz(.weight(w + 8), a, b)
        c.u3(.weight(w + 9), .weight(w + 10), .weight(w + 11), a); c.u3(.weight(w + 12), .weight(w + 13), .weight(w + 14), b)
        return c
    }

    /// QCNN convolution: the same `su4` block (shared 15 weights) on each pair, on an n-qubit register.
    public static func qcnnConvolution(qubits n: Int, pairs: [(Int, Int)]) -> Circuit {
        var c = Circuit(qubits: n)
        for (a, b) in pairs { c.append(su4(a, b).widened(to: n)) }
        return c
    }

    /// QCNN pooling (Hur et al.): for each (control, target), CRZ(w₀), X on control, CRX(w₁) —
    /// the control is then discarded. 2 shared weights.
    public static func qcnnPooling(qubits n: Int, pairs: [(control: Int, target: Int)]) -> Circuit {
        let w = 0
        var c = Circuit(qubits: n)
        for (control, target) in pairs { c.crz(.weight(w), control, target); c.x(control); c.crx(.weight(w + 1), control, target) }
        return c
    }

    /// The quantum adversarial-learning classifiers' ansatz (Ren et al. 2022): per layer a general
    /// rotation RZ·RX·RZ on every qubit, then CZ entanglers in a brick, pairs (0,1),(2,3),… then
    /// (1,2),(3,4),…. Weights: 3·layers·n.
    public static func rotationsCZ(qubits n: Int, layers: Int) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for _ in 0..<layers {
            for q in 0..<n {
                c.rz(.weight(w), q)
                c.rx(.weight(w + 1), q)
                c.rz(.weight(w + 2), q)
                w += 3
            }
            for q in stride(from: 0, to: n - 1, by: 2) { c.cz(q, q + 1) }
            for q in stride(from: 1, to: n - 1, by: 2) { c.cz(q, q + 1) }
        }
        return c
    }

    /// QAOA-shaped layers (Farhi et al.; the QCAE latent of papers.md §A14): H on every qubit, then
    /// per layer l the ZZ cost exp(−iγ_l Σ Z_a Z_b) as RZZ(2γ_l) on the ring's edges and the mixer
    /// RX(2β_l) on every qubit. Weights: 2·layers (γ_l, β_l), or with `perGate` one per edge and
    /// one per qubit in each layer (2·n·layers for n ≥ 3).
    public static func qaoa(qubits n: Int, layers: Int, perGate: Bool = false) -> Circuit {
        var c = Circuit(qubits: n), w = 0
        for q in 0..<n { c.h(q) }
        let edges = n == 2 ? [(0, 1)] : n > 2 ? (0..<n).map { ($0, ($0 + 1) % n) } : []
        for _ in 0..<layers {
            for (a, b) in edges {
                c.rzz(2 * Parameter.weight(w), a, b)
                if perGate { w += 1 }
            }
            if !perGate { w += 1 }
            for q in 0..<n {
                c.rx(2 * Parameter.weight(w), q)
                if perGate { w += 1 }
            }
            if !perGate { w += 1 }
        }
        return c
    }

    static func ring(_ c: inout Circuit, _ n: Int) {
        if n == 2 { c.cx(0, 1) } else if n > 2 { for q in 0..<n { c.cx(q, (q + 1) % n) } }
    }
}
