/// What a `QuantumLayer` reads out of its circuit's final state, per sample.
public enum QuantumReadout: Sendable, Equatable {
    /// ⟨O_k⟩ for each observable (Pauli sums or projectors).
    case expectations([Observable])
    /// Probabilities of the chosen basis states of `qubits`: state c puts bit i of c on
    /// qubits[i] (qubits[0] least significant, QuantumSim's order).
    case basisStates(qubits: [Int], states: [Int])
    /// All 2ᵏ marginal probabilities of `qubits` (same bit order).
    case marginals(qubits: [Int])

    /// The observables measured.
    public var observables: [Observable] {
        switch self {
        case .expectations(let o): return o
        case let .basisStates(qubits, states):
            return states.map { c in .projector(qubits: qubits, bits: qubits.indices.map { (c >> $0) & 1 }) }
        case .marginals(let qubits):
            return QuantumReadout.basisStates(qubits: qubits, states: Array(0..<(1 << qubits.count))).observables
        }
    }
}

/// A QuantumSim circuit as a network layer: x [N, F] → readout [N, K]. The circuit's
/// `.input(j)` parameters read feature j of each sample, its `.weight(i)` parameters the
/// layer's trainable `weights` (parameter name "weights"). Forward runs the compiled
/// program over the batch; backward is one adjoint sweep per sample with the single
/// observable Σ_k g_k O_k (QuantumSim's `vectorJacobianProduct`), giving gradients for the
/// weights and for x — so the layer can sit anywhere in a `Sequential`. Simulated in
/// complex128; F ≥ the circuit's input count (extra columns are ignored, gradient 0).
public final class QuantumLayer<Scalar: TensorScalar>: Layer {
    /// The compiled circuit.
    public let program: QuantumProgram
    /// The measured observables.
    public let observables: [Observable]
    /// Trainable circuit weights, shape [weightCount].
    public let weights: Variable<Scalar>
    /// How batches are split across threads.
    public var policy: ExecutionPolicy = .serial
    public var isTraining = true

    /// Compiles `circuit` with `readout` and initial `weights` (shape [circuit.weightCount]).
    /// Throws when the readout uses qubits the circuit lacks or the weights do not fit.
    public init(_ circuit: Circuit, readout: QuantumReadout, weights: Tensor<Scalar>) throws {
        guard weights.shape == [circuit.weightCount] else {
            throw QMLError.invalidArgument("circuit takes \(circuit.weightCount) weights, got shape \(weights.shape)")
        }
        observables = readout.observables
        for o in observables { try o.validate(qubitCount: circuit.qubitCount) }
        program = QuantumProgram(circuit)
        self.weights = Variable(weights, requiresGrad: true)
    }

    /// Weights drawn uniformly from [0, 2π) (PennyLane's usual initialisation), seeded.
    public convenience init(_ circuit: Circuit, readout: QuantumReadout, seed: UInt64) throws {
        var rng = RandomGenerator(seed: seed)
        let w = (0..<circuit.weightCount).map { _ in Scalar(2 * Double.pi * rng.nextUnit()) }
        try self.init(circuit, readout: readout, weights: Tensor(shape: [circuit.weightCount], scalars: w))
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let n = x.shape.first ?? 0, f = n == 0 ? 0 : x.value.count / n, k = observables.count
        precondition(f >= program.inputCount, "QuantumLayer: input \(x.shape) has \(f) features per sample; the circuit reads \(program.inputCount)")
        let inputs = x.value.scalars.map(Double.init), w = weights.value.scalars.map(Double.init)
        let values: [Double]
        do { values = try program.expectations(weights: w, inputs: inputs, batch: n, observables: observables, policy: policy) } catch {
            preconditionFailure("QuantumLayer: \(error)")   // sizes and qubits were checked at init and above
        }
        let (program, observables, policy, xShape) = (self.program, self.observables, self.policy, x.shape)
        return Variable.custom("quantumCircuit", inputs: [x, weights], value: Tensor(shape: [n, k], scalars: values.map { Scalar($0) })) { g, needed in
            let grads: BatchGradient
            do {
                grads = try program.vectorJacobianProduct(weights: w, inputs: inputs, batch: n, observables: observables,
                                                          upstream: g.scalars.map(Double.init), policy: policy)
            } catch { preconditionFailure("QuantumLayer backward: \(error)") }
            return [needed[0] ? Tensor(shape: xShape, scalars: grads.inputGradient.map { Scalar($0) }) : nil,
                    needed[1] ? Tensor(shape: [w.count], scalars: grads.weightGradient.map { Scalar($0) }) : nil]
        }
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weights", weights)] }
}
