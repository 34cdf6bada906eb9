import Tensor

/// Noisy circuits as quantum trajectories: state vectors on which each channel applies one
/// Kraus operator K_k drawn with probability ‖K_k ψ‖², then renormalises. The average over
/// trajectories of ⟨ψ|H|ψ⟩ converges to Tr(Hρ) at 1/√count, for sizes whose ρ (16ⁿ bytes)
/// would not fit: memory 2ⁿ amplitudes, time O(gates·Kraus operators·2ⁿ) per trajectory.
public enum Trajectories {
    /// One trajectory of `circuit` from |0…0⟩, seeded.
    public static func run<R: SimReal>(_ type: R.Type = Double.self, _ circuit: Circuit, noise: NoiseModel, weights: [Double] = [],
                                       inputs: [Double] = [], seed: UInt64) throws -> StateVector<R> {
        var psi = try StateVector<R>(qubits: circuit.qubitCount)
        var rng = RandomGenerator(seed: seed)
        for op in circuit.instructions {
            let values = weights.withUnsafeBufferPointer { w in
                inputs.withUnsafeBufferPointer { x in op.parameters.map { $0.value(weights: w, inputs: x) } }
            }
            psi.apply(op.boundGate(values))
            for (channel, qubits) in try noise.channels(after: op) {
                psi = jump(psi, channel, on: qubits, uniform: rng.nextUnit())
            }
        }
        return psi
    }

    /// ψ after the Kraus operator that `uniform` ∈ [0, 1) picks by the cumulative ‖K_k ψ‖², renormalised.
    static func jump<R: SimReal>(_ psi: StateVector<R>, _ channel: KrausChannel, on qubits: [Int], uniform: Double) -> StateVector<R> {
        var total = 0.0
        var last = psi
        for k in channel.operators {
            var branch = psi
            branch.apply(BoundGate(targets: qubits, matrix: k))
            let weight = branch.normSquared
            guard weight > 0 else { continue }
            total += weight
            last = branch
            if uniform < total { break }
        }
        last.normalize()
        return last
    }

    /// The mean of ⟨ψ|H|ψ⟩ over `count` trajectories (seeds seed, seed+1, …) and its standard error.
    public static func expectation(_ h: PauliSum, _ circuit: Circuit, noise: NoiseModel, count: Int, weights: [Double] = [],
                                   inputs: [Double] = [], seed: UInt64) throws -> (mean: Double, standardError: Double) {
        precondition(count >= 2, "Trajectories: at least 2 trajectories for a standard error")
        var values: [Double] = []
        for t in 0..<count {
            let psi = try run(Double.self, circuit, noise: noise, weights: weights, inputs: inputs, seed: seed &+ UInt64(t))
            values.append(psi.expectation(h))
        }
        let mean = values.reduce(0, +) / Double(count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        return (mean, (variance / Double(count)).squareRoot())
    }
}
