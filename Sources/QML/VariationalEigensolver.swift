import NeuralNetworks
import QuantumSim

/// What a VQE run found.
public struct VQEResult: Sendable {
    /// The estimator's energy at the best weights (noisy, shot-based or mitigated as asked).
    public var energy: Double
    /// The exact noiseless energy at the same weights.
    public var noiselessEnergy: Double
    public var weights: [Double]
    public var iterations: Int
    public var evaluations: Int
    /// The estimated energy after each iteration.
    public var history: [Double]
}

/// The variational quantum eigensolver (Peruzzo et al. 2014): minimises the estimated
/// ⟨ψ(θ)|H|ψ(θ)⟩ of an ansatz over θ with a classical minimiser. The estimator decides how
/// energies are measured (exact, shots, noise, mitigation); any `Minimizer` drives it.
public struct VariationalEigensolver {
    public let estimator: EnergyEstimator
    public let minimizer: any Minimizer

    public init(estimator: EnergyEstimator, minimizer: any Minimizer) {
        self.estimator = estimator
        self.minimizer = minimizer
    }

    /// Runs from `start`; `onIteration(iteration, energy)` after each iteration.
    public func run(from start: [Double], onIteration: (Int, Double) -> Void = { _, _ in }) throws -> VQEResult {
        guard start.count == estimator.weightCount else {
            throw QMLError.invalidArgument("the ansatz takes \(estimator.weightCount) weights; the start has \(start.count)")
        }
        let found = try minimizer.minimize(estimator.objective, from: start, onIteration: onIteration)
        return VQEResult(energy: try estimator.energy(found.x), noiselessEnergy: try estimator.noiselessEnergy(found.x),
                         weights: found.x, iterations: found.iterations, evaluations: found.evaluations, history: found.history)
    }
}
