import QuantumSim

/// How a noisy expectation is mitigated by zero-noise extrapolation: measured at noise scale
/// factors λ (by turning the noise model up, or by folding the circuit), then extrapolated to
/// λ = 0.
public struct ZeroNoiseExtrapolation: Sendable, Equatable {
    public enum Scaling: String, Sendable, CaseIterable {
        /// Every channel's strength times λ (density-matrix path).
        case noise
        /// `UnitaryFolding.global`.
        case global
        /// `UnitaryFolding.local`.
        case local
    }

    public var scaling: Scaling
    public var scales: [Double]
    public var extrapolator: Extrapolator

    /// Folding uses odd factors 1, 3, 5 by default; noise scaling 1, 2, 3.
    public init(extrapolator: Extrapolator, scaling: Scaling = .global, scales: [Double]? = nil) {
        self.extrapolator = extrapolator
        self.scaling = scaling
        self.scales = scales ?? (scaling == .noise ? [1, 2, 3] : [1, 3, 5])
    }

    /// The circuit and noise model that carry noise scaled by λ.
    public func scaled(_ circuit: Circuit, _ noise: NoiseModel, by scale: Double) throws -> (Circuit, NoiseModel) {
        switch scaling {
        case .noise: return (circuit, try noise.scaled(by: scale))
        case .global: return (try UnitaryFolding.global(circuit, scale: scale), noise)
        case .local: return (try UnitaryFolding.local(circuit, scale: scale), noise)
        }
    }
}
