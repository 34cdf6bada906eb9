import Foundation

extension DenseProgram {
    /// Runs a batch: `inputs` row-major [batch][inputCount] (extra columns are an error),
    /// `weights` the circuit's weight vector. Returns the readout, row-major
    /// [batch][outputCount], and the tape for `backward`. O(batch · Σ_ops cost) — a k-qubit
    /// gate costs 4ᵏ·2ⁿ, a Hamiltonian 4·4ⁿ, an SU(2ᵏ) gate 4ᵏ·2ⁿ plus O(8ᵏ) once per batch.
    public func forward(weights: [Double], inputs: [Double], batch: Int) throws -> (values: [Double], tape: Tape) {
        let c = circuit, d = dimension
        guard weights.count == c.weightCount else { throw QuantumSimError.invalidArgument("circuit takes \(c.weightCount) weights, got \(weights.count)") }
        guard batch == 0 || inputs.count == batch * c.inputCount else {
            throw QuantumSimError.invalidArgument("circuit takes \(c.inputCount) input features per sample, got \(batch == 0 ? 0 : inputs.count / batch)")
        }
        let count = c.operations.count
        var exponentials = [PauliExponential?](repeating: nil, count: count), fixed = [BoundGate?](repeating: nil, count: count)
        for (i, op) in c.operations.enumerated() {
            switch op {
            case let .gate(gate, _, controls, angles) where !angles.contains(where: \.dependsOnInput):
                let values = angles.map { a -> Double in
                    switch a { case .constant(let v): v; case .weight(let j): weights[j]; default: 0 }
                }
                fixed[i] = BoundGate(gate, controls: controls.count, values, derivatives: true)
            case let .specialUnitary(_, offset), let .complexSpecialUnitary(_, offset):
                let complex = if case .complexSpecialUnitary = op { true } else { false }
                exponentials[i] = PauliExponential(paulis[i]!, weights: weights[offset..<(offset + op.weightsRead)], complex: complex)
            default: break
            }
        }
        let needsEigen = c.operations.contains(where: \.isHamiltonian)
        var eigens: [SymmetricEigen] = []
        if needsEigen {
            eigens.reserveCapacity(batch)
            try inputs.withUnsafeBufferPointer { x in
                for s in 0..<batch { eigens.append(try eigen(x.baseAddress! + s * c.inputCount)) }
            }
        }
        let k = c.readout.outputCount
        var states = [Double](repeating: 0, count: batch * 2 * d)
        var values = [Double](repeating: 0, count: batch * k)
        let eigenList = eigens
        inputs.withUnsafeBufferPointer { xb in states.withUnsafeMutableBufferPointer { sb in values.withUnsafeMutableBufferPointer { vb in
            let (xp, sp, vp) = (xb.baseAddress!, sb.baseAddress!, vb.baseAddress!)
            _ = parallelSamples(batch) { range, _ in
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * d)
                defer { scratch.deallocate() }
                for s in range {
                    let x = xp + s * c.inputCount, psi = sp + s * 2 * d
                    prepare(psi, x)
                    for (i, op) in c.operations.enumerated() {
                        forwardStep(i, op, psi, x, weights, fixed, exponentials, needsEigen ? eigenList[s] : nil, scratch)
                    }
                    readoutValues(UnsafePointer(psi), into: vp + s * k)
                }
            }
        } } }
        return (values, Tape(weights: weights, inputs: inputs, batch: batch, states: states, exponentials: exponentials,
                             fixedGates: fixed, eigens: eigens))
    }

    func prepare(_ psi: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>) {
        let d = dimension
        psi.initialize(repeating: 0, count: 2 * d)
        switch circuit.initialState {
        case .zero: psi[0] = 1
        case .plus: for j in 0..<d { psi[2 * j] = 1 / Double(d).squareRoot() }
        case .amplitude(let f):
            var norm = 0.0
            for j in 0..<f { norm += x[j] * x[j] }
            if norm == 0 { psi[0] = 1; return }
            let r = 1 / norm.squareRoot()
            for j in 0..<f { psi[2 * j] = x[j] * r }
        }
    }

    @inline(__always)
    func forwardStep(_ i: Int, _ op: DenseCircuit.Operation, _ psi: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>,
                     _ weights: [Double], _ fixed: [BoundGate?], _ exps: [PauliExponential?],
                     _ eigen: SymmetricEigen?, _ scratch: UnsafeMutablePointer<Double>) {
        let site = sites[i]
        switch op {
        case let .gate(gate, _, controls, angles):
            let g = fixed[i] ?? BoundGate(gate, controls: controls.count, angles.map { angleValue($0, weights, x) }, derivatives: false)
            g.matrix.withUnsafeBufferPointer { Self.apply($0.baseAddress!, offsets: site.offsets, bases: site.bases, psi, scratch: scratch) }
        case .specialUnitary, .complexSpecialUnitary:
            exps[i]!.matrix.storage.withUnsafeBufferPointer {
                Self.apply($0.baseAddress!, offsets: site.offsets, bases: site.bases, psi, scratch: scratch)
            }
        case .hamiltonian, .fixedHamiltonian:
            let e = eigen!, d = dimension
            let time = op.hamiltonianTime(weights)
            e.vectors.withUnsafeBufferPointer { ev in e.values.withUnsafeBufferPointer { lv in
                Self.realTransform(ev.baseAddress!, transpose: true, psi, scratch, d: d)
                Self.phase(scratch, lv.baseAddress!, c: -time / 2, d: d)
                Self.realTransform(ev.baseAddress!, transpose: false, scratch, psi, d: d)
            } }
        }
    }

    func readoutValues(_ psi: UnsafePointer<Double>, into values: UnsafeMutablePointer<Double>) {
        let d = dimension
        switch circuit.readout {
        case .basisStates, .marginals:
            for j in 0..<d where outcome[j] >= 0 {
                values[outcome[j]] += psi[2 * j] * psi[2 * j] + psi[2 * j + 1] * psi[2 * j + 1]
            }
        case .expectations(let observables):
            for (k, o) in observables.enumerated() {
                values[k] = ObservableKernels.expectation(psi, qubits: circuit.qubits, o)
            }
        case .fidelities:
            for (k, t) in targets.enumerated() {
                // z = ⟨t|ψ⟩
                let zr = t.0 * psi[0] + t.1 * psi[1] + t.2 * psi[2] + t.3 * psi[3]
                let zi = t.0 * psi[1] - t.1 * psi[0] + t.2 * psi[3] - t.3 * psi[2]
                values[k] = zr * zr + zi * zi
            }
        }
    }
}
