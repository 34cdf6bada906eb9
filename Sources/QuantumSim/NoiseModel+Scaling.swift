extension NoiseModel {
    /// The model with every channel's strength multiplied by `factor` (p, γ, λ; thermal
    /// relaxation's gate time), readout error unchanged: zero-noise extrapolation's noise
    /// scaling in the density-matrix path, where the noise itself can be turned up instead of
    /// folding gates. Throws when a scaled channel leaves its valid range, naming it.
    public func scaled(by factor: Double) throws -> NoiseModel {
        guard factor.isFinite, factor >= 0 else {
            throw QuantumSimError.invalidArgument("noise scale factor must be a finite number ≥ 0, got \(factor)")
        }
        func scale(_ list: [Channel]) -> [Channel] {
            list.map { c in
                var s = c
                s.p = c.p.map { $0 * factor }
                s.gamma = c.gamma.map { $0 * factor }
                s.lambda = c.lambda.map { $0 * factor }
                s.time = c.time.map { $0 * factor }
                return s
            }
        }
        return try NoiseModel(defaultChannels: scale(defaultChannels), gates: gates.mapValues(scale), readout: readout,
                              local: local.map { Local(gate: $0.gate, qubits: $0.qubits, channels: scale($0.channels)) })
    }

    /// Depolarising noise of probability p after every gate (the 2-qubit channel after 2-qubit gates).
    public static func depolarizing(_ p: Double) throws -> NoiseModel {
        try NoiseModel(defaultChannels: [Channel(channel: "depolarizing", p: p)])
    }
}
