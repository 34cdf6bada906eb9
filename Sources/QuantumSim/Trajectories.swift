import Tensor

/// Noisy circuits as quantum trajectories: state vectors on which each channel applies one
/// Kraus operator K_k drawn with probability ‖K_k ψ‖², then renormalises. The average over
/// trajectories of ⟨ψ|H|ψ⟩ converges to Tr(Hρ) at 1/√count, for sizes whose ρ (16ⁿ bytes)
/// would not fit: memory 2ⁿ amplitudes, time O(gates·Kraus operators·2ⁿ) per trajectory.
public enum Trajectories {
    /// One trajectory of `circuit` from |0…0⟩, seeded.
    public static func run<R: SimReal>(_ type: R.Type = Double.self, _ circuit: Circuit, noise: NoiseModel, weights: [Double] = [],
                                       inputs: [Double] = [], seed: UInt64) throws -> StateVector<R> {
        try run(R.self, circuit, channels: noise.channels(for: circuit), weights: weights, inputs: inputs,
                seed: seed)
    }

    /// One trajectory with the channels after each instruction worked out beforehand.
    static func run<R: SimReal>(_ type: R.Type, _ circuit: Circuit, channels: [[(KrausChannel, [Int])]], weights: [Double],
                                inputs: [Double], seed: UInt64) throws -> StateVector<R> {
        var psi = try StateVector<R>(qubits: circuit.qubitCount)
        var rng = RandomGenerator(seed: seed)
        for (op, after) in zip(circuit.instructions, channels) {
            let values = weights.withUnsafeBufferPointer { w in
                inputs.withUnsafeBufferPointer { x in op.parameters.map { $0.value(weights: w, inputs: x) } }
            }
            psi.apply(op.boundGate(values))
            for (channel, qubits) in after {
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

    /// Averages over `count` trajectories (seeds seed, seed+1, …).
    public struct Average: Sendable {
        /// The mean probability of each basis state.
        public var probabilities: [Double]
        /// The mean of ⟨ψ|H|ψ⟩ for each observable asked for.
        public var means: [Double]
        /// Their standard errors (sample std / √count).
        public var standardErrors: [Double]
    }

    /// Runs `count` ≥ 2 trajectories and averages their probabilities and the expectations of
    /// `observables`; `progress(done)` after each. O(count · trajectory).
    public static func average<R: SimReal>(_ type: R.Type = Double.self, _ circuit: Circuit, noise: NoiseModel,
                                           observables: [PauliSum], count: Int, weights: [Double] = [],
                                           inputs: [Double] = [], seed: UInt64,
                                           progress: (Int) -> Void = { _ in }) throws -> Average {
        precondition(count >= 2, "Trajectories: at least 2 trajectories for a standard error")
        var probabilities = [Double](repeating: 0, count: 1 << circuit.qubitCount)
        var values = [[Double]](repeating: [], count: observables.count)
        let channels = try noise.channels(for: circuit)
        for t in 0..<count {
            let psi = try run(R.self, circuit, channels: channels, weights: weights, inputs: inputs, seed: seed &+ UInt64(t))
            for (i, p) in psi.probabilities().enumerated() { probabilities[i] += p / Double(count) }
            for (k, h) in observables.enumerated() { values[k].append(psi.expectation(h)) }
            progress(t + 1)
        }
        let means = values.map { $0.reduce(0, +) / Double(count) }
        let errors = zip(values, means).map { v, mean in
            (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1) / Double(count)).squareRoot()
        }
        return Average(probabilities: probabilities, means: means, standardErrors: errors)
    }

    /// The mean of ⟨ψ|H|ψ⟩ over `count` trajectories (seeds seed, seed+1, …) and its standard error.
    public static func expectation(_ h: PauliSum, _ circuit: Circuit, noise: NoiseModel, count: Int, weights: [Double] = [],
                                   inputs: [Double] = [], seed: UInt64) throws -> (mean: Double, standardError: Double) {
        let a = try average(Double.self, circuit, noise: noise, observables: [h], count: count, weights: weights, inputs: inputs, seed: seed)
        return (a.means[0], a.standardErrors[0])
    }
}
