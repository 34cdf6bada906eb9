import Foundation

/// A real amplitude encoding read through an orthogonal circuit, as a layer:
/// E [N, D] → a real state a per row (`Encoding`, differentiable in E) → ψ = a·Uᵀ with U the
/// `OrthogonalCircuit`'s matrix → probabilities p = ψ² → the readout. The circuit's angles are
/// the parameter "weights". One GEMM per batch and O(K·D²) per step to form U and its
/// gradient, instead of N simulations.
public final class OrthogonalAmplitudeLayer<Scalar: TensorScalar>: Layer {
    /// What each sample returns.
    public enum Readout: Sendable, Equatable {
        /// The probability that `qubit` reads 1: [N, 1], in [0, 1].
        case marginal(qubit: Int)
        /// Every basis state's probability: [N, D].
        case probabilities
    }

    /// How a row of D values becomes a state.
    public enum Encoding: String, Sendable, CaseIterable {
        /// a = E/‖E‖.
        case normalised
        /// The Boltzmann state of energies E: a_k = exp(−E_k/2)/√(Σ_j exp(−E_j)), so |a_k|² is
        /// the softmax of −E (positive amplitudes, normalised by construction).
        case boltzmann
    }

    public let circuit: OrthogonalCircuit
    public let encoding: Encoding
    public let readout: Readout
    /// The angles, shape [circuit.weightCount].
    public let weights: Variable<Scalar>
    public var isTraining = true

    /// `circuit` with angles uniform in [0, 2π), seeded.
    public init(_ circuit: OrthogonalCircuit, encoding: Encoding = .normalised, readout: Readout, seed: UInt64) throws {
        if case .marginal(let q) = readout, !(0..<circuit.qubits).contains(q) {
            throw QMLError.invalidArgument("readout qubit \(q) is not in 0..<\(circuit.qubits)")
        }
        self.circuit = circuit
        self.encoding = encoding
        self.readout = readout
        var rng = RandomGenerator(seed: seed)
        let angles = (0..<circuit.weightCount).map { _ in Scalar(2 * Double.pi * rng.nextUnit()) }
        weights = Variable(Tensor(shape: [circuit.weightCount], scalars: angles), requiresGrad: true)
    }

    public func callAsFunction(_ energy: Variable<Scalar>) -> Variable<Scalar> {
        let d = circuit.dimension
        precondition(energy.shape.count == 2 && energy.shape[1] == d, "OrthogonalAmplitudeLayer: input \(energy.shape), expected [N, \(d)]")
        let states = encoded(energy).matmul(unitary(), transposeOther: true)
        let p = states.squared()
        switch readout {
        case .probabilities: return p
        case .marginal(let q):
            let mask = (0..<d).map { $0 & (1 << q) != 0 ? Scalar(1) : 0 }
            return p.matmul(Variable(Tensor(shape: [d, 1], scalars: mask)))
        }
    }

    /// The rows of `energy` as states.
    func encoded(_ energy: Variable<Scalar>) -> Variable<Scalar> {
        switch encoding {
        case .normalised:
            return energy / (energy.squared().sum(axes: [1], keepDims: true) + Scalar(1e-12)).sqrt()
        case .boltzmann:
            return ((energy * -1).logSoftmax(axis: 1) * Scalar(0.5)).exp()
        }
    }

    /// U as a differentiable function of the angles.
    func unitary() -> Variable<Scalar> {
        let (circuit, d) = (self.circuit, self.circuit.dimension)
        let angles = weights.value.scalars.map(Double.init)
        let u = circuit.matrix(weights: angles)
        let value = Tensor<Scalar>(shape: [d, d], scalars: u.map { Scalar($0) })
        return Variable.custom("orthogonalCircuit", inputs: [weights], value: value) { g, _ in
            let grads = circuit.weightGradient(weights: angles, matrix: u, upstream: g.scalars.map(Double.init))
            return [Tensor(shape: [grads.count], scalars: grads.map { Scalar($0) })]
        }
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weights", weights)] }
}
