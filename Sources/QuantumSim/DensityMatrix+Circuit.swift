extension DensityMatrix {
    /// ρ after `circuit` from |0…0⟩, each gate followed by the channels `noise` assigns to it;
    /// parameters bound from `weights` and `inputs`. O(gates · 4ⁿ).
    public static func run(_ circuit: Circuit, noise: NoiseModel, weights: [Double] = [], inputs: [Double] = [],
                           threads: Int = 1) throws -> DensityMatrix {
        try noise.validate(qubitCount: circuit.qubitCount)
        var rho = try DensityMatrix(qubits: circuit.qubitCount)
        for op in circuit.instructions {
            let values = weights.withUnsafeBufferPointer { w in
                inputs.withUnsafeBufferPointer { x in op.parameters.map { $0.value(weights: w, inputs: x) } }
            }
            rho.apply(op.boundGate(values), threads: threads)
            for (channel, qubits) in try noise.channels(after: op) {
                rho.apply(channel, on: qubits, threads: threads)
            }
        }
        return rho
    }
}

extension Instruction {
    /// The gate as a kernel with `values` bound; a gate of controls only (a controlled global
    /// phase) becomes the diagonal on the controls.
    public func boundGate(_ values: [Double]) -> BoundGate {
        guard targets.isEmpty && !controls.isEmpty else {
            return BoundGate(targets: targets, controls: controls, matrix: targetMatrix(values))
        }
        let space = controls.sorted(by: >), d = 1 << space.count
        var m = Embedding.identity(d)
        m[d * d - 1] = targetMatrix(values)[0]
        return BoundGate(targets: space, matrix: m)
    }
}

extension NoiseModel.Readout {
    /// The probabilities of reading each basis state of `qubits` qubits when each bit flips
    /// independently (0 → 1 with `p1given0`, 1 → 0 with `p0given1`). O(n·2ⁿ).
    public func apply(to probabilities: [Double], qubits n: Int) -> [Double] {
        var p = probabilities
        for q in 0..<n {
            for i in 0..<(1 << n) where i & (1 << q) == 0 {
                let (a, b) = (p[i], p[i | 1 << q])
                p[i] = (1 - p1given0) * a + p0given1 * b
                p[i | 1 << q] = p1given0 * a + (1 - p0given1) * b
            }
        }
        return p
    }
}
