import NeuralNetworks
import QuantumSim
import Tensor

/// ⟨ψ(θ)|H|ψ(θ)⟩ of an ansatz state as a VQE measures it: exactly (state vector, with the adjoint
/// gradient), from a finite number of shots per Pauli term, or under a noise model (density
/// matrix, exact or with shots), optionally mitigated by zero-noise extrapolation. Shots are
/// drawn from one seeded stream, fresh on every call.
public final class EnergyEstimator {
    public enum Mode: Sendable {
        case exact
        case shots(Int)
        case noisy(NoiseModel, shots: Int?)
    }

    public let ansatz: Circuit
    public let hamiltonian: PauliSum
    public let mode: Mode
    public let mitigation: ZeroNoiseExtrapolation?
    let program: QuantumProgram
    let estimator: ShotEstimator
    var rng: RandomGenerator

    /// Throws when H reads qubits the ansatz lacks, the ansatz reads inputs, shots < 1,
    /// mitigation without noise, or a density matrix that does not fit in memory.
    public init(ansatz: Circuit, hamiltonian: PauliSum, mode: Mode = .exact, mitigation: ZeroNoiseExtrapolation? = nil,
                seed: UInt64 = 0) throws {
        guard hamiltonian.maxQubit < ansatz.qubitCount else {
            throw QMLError.invalidArgument("the Hamiltonian acts on qubit \(hamiltonian.maxQubit); the ansatz has \(ansatz.qubitCount) qubits")
        }
        guard ansatz.inputCount == 0 else { throw QMLError.invalidArgument("a VQE ansatz takes weights only, not inputs") }
        var noisy = false
        switch mode {
        case .exact: break
        case let .shots(n):
            guard n >= 1 else { throw QMLError.invalidArgument("shots must be at least 1, got \(n)") }
        case let .noisy(_, n):
            guard (n ?? 1) >= 1 else { throw QMLError.invalidArgument("shots must be at least 1, got \(n!)") }
            noisy = true
            _ = try DensityMatrix<Double>(qubits: ansatz.qubitCount)
        }
        guard mitigation == nil || noisy else { throw QMLError.invalidArgument("zero-noise extrapolation needs a noise model") }
        self.ansatz = ansatz
        self.hamiltonian = hamiltonian
        self.mode = mode
        self.mitigation = mitigation
        program = QuantumProgram(ansatz)
        estimator = ShotEstimator([.pauli(hamiltonian)])
        rng = RandomGenerator(seed: seed)
    }

    public var weightCount: Int { program.weightCount }

    /// The estimated energy at `weights`.
    public func energy(_ weights: [Double]) throws -> Double {
        switch mode {
        case .exact: return try noiselessEnergy(weights)
        case let .shots(n):
            let means = try program.expectations(weights: weights, inputs: [], batch: 1, observables: estimator.atoms)
            return estimator.estimate(means: means, rows: 1, shots: n, rng: &rng)[0]
        case let .noisy(noise, shots):
            guard let mitigation else { return try noisyEnergy(ansatz, noise, shots, weights) }
            return try mitigation.extrapolator.zeroNoiseValue(levels: mitigation.scales,
                                                              values: scaledEnergies(weights, noise, shots, mitigation))
        }
    }

    /// The noisy energies at each of the mitigation's scale factors.
    public func scaledEnergies(_ weights: [Double], _ noise: NoiseModel, _ shots: Int?,
                               _ mitigation: ZeroNoiseExtrapolation) throws -> [Double] {
        try mitigation.scales.map { scale in
            let (circuit, model) = try mitigation.scaled(ansatz, noise, by: scale)
            return try noisyEnergy(circuit, model, shots, weights)
        }
    }

    /// Tr(ρH) of `circuit` under `noise`, exact or from shots.
    func noisyEnergy(_ circuit: Circuit, _ noise: NoiseModel, _ shots: Int?, _ weights: [Double]) throws -> Double {
        let rho = try DensityMatrix<Double>.run(circuit, noise: noise, weights: weights)
        guard let shots else { return rho.expectation(hamiltonian) }
        let means = estimator.atoms.map { atom -> Double in
            guard case let .pauli(sum) = atom else { return 0 }
            return rho.expectation(sum)
        }
        return estimator.estimate(means: means, rows: 1, shots: shots, rng: &rng)[0]
    }

    /// The exact, noiseless energy at `weights`.
    public func noiselessEnergy(_ weights: [Double]) throws -> Double {
        try program.expectation(weights: weights, observable: .pauli(hamiltonian))
    }

    /// The energy as an objective: with the adjoint gradient in exact mode, derivative-free
    /// otherwise (gradient-based minimisers fall back to parameter shift on the estimates).
    public var objective: Objective {
        let h = Observable.pauli(hamiltonian)
        let gradient: (([Double]) throws -> [Double])?
        if case .exact = mode {
            gradient = { [program] w in try program.gradient(weights: w, observable: h).weightGradient }
        } else {
            gradient = nil
        }
        return Objective(dimension: weightCount, value: { [unowned self] w in try self.energy(w) }, gradient: gradient)
    }
}
