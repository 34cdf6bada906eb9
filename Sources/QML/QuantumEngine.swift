import QuantumSim

/// What a `QuantumLayer` runs: a simulator that evaluates a batch of samples and pulls
/// upstream gradients back to the weights and inputs (its vector–Jacobian product). The
/// compiled state-vector engine (`StateVectorEngine`) and the dense small-circuit engine
/// (`DenseProgram`) conform.
public protocol QuantumEngine: AnyObject {
    /// Trainable weights the circuit reads.
    var weightCount: Int { get }
    /// Input features each sample must provide.
    var inputCount: Int { get }
    /// Values per sample.
    var outputCount: Int { get }
    /// The readout of `batch` samples, row-major [batch][outputCount], from `inputs`
    /// [batch][inputCount], and whatever `vectorJacobianProduct` needs.
    func evaluate(weights: [Double], inputs: [Double], batch: Int) throws -> (values: [Double], tape: Any)
    /// Σ_s,k upstream[s][k]·∂value[s][k]/∂(weights, inputs) for the batch of `tape`.
    func vectorJacobianProduct(_ tape: Any, upstream: [Double], inputGradients: Bool) throws -> (weights: [Double], inputs: [Double]?)
}

/// A QuantumSim `Circuit` compiled once (`QuantumProgram`) and read out through observables:
/// batched expectations forward, one adjoint sweep per sample with Σ_k g_k O_k backward.
public final class StateVectorEngine: QuantumEngine {
    public let program: QuantumProgram
    public let observables: [Observable]
    /// How batches are split across threads.
    public var policy: ExecutionPolicy = .serial

    /// Compiles `circuit`; throws when `readout` reads qubits the circuit lacks.
    public init(_ circuit: Circuit, readout: QuantumReadout) throws {
        try readout.validate(qubitCount: circuit.qubitCount)
        observables = readout.observables
        // Fusing parametric gates forms their block matrices again for every sample: worth it
        // when a pass over the state costs more than that, not on small circuits (a 4-qubit
        // quanvolution of 196,000 patches: 362 ms fused, 238 ms gate by gate for parametric gates).
        program = QuantumProgram(circuit, options: CompileOptions(fuseParametric: circuit.qubitCount >= 8))
    }

    public var weightCount: Int { program.weightCount }
    public var inputCount: Int { program.inputCount }
    public var outputCount: Int { observables.count }

    struct Tape {
        let weights: [Double]
        let inputs: [Double]
        let batch: Int
    }

    public func evaluate(weights: [Double], inputs: [Double], batch: Int) throws -> (values: [Double], tape: Any) {
        let values = try program.expectations(weights: weights, inputs: inputs, batch: batch, observables: observables, policy: policy)
        return (values, Tape(weights: weights, inputs: inputs, batch: batch))
    }

    public func vectorJacobianProduct(_ tape: Any, upstream: [Double], inputGradients: Bool) throws -> (weights: [Double], inputs: [Double]?) {
        let t = tape as! Tape
        let g = try program.vectorJacobianProduct(weights: t.weights, inputs: t.inputs, batch: t.batch, observables: observables,
                                                  upstream: upstream, policy: policy)
        return (g.weightGradient, inputGradients ? g.inputGradient : nil)
    }
}

extension DenseProgram: QuantumEngine {
    public var weightCount: Int { circuit.weightCount }
    public var inputCount: Int { circuit.inputCount }
    public var outputCount: Int { circuit.readout.outputCount }

    public func evaluate(weights: [Double], inputs: [Double], batch: Int) throws -> (values: [Double], tape: Any) {
        let (values, tape) = try forward(weights: weights, inputs: inputs, batch: batch)
        return (values, tape)
    }

    public func vectorJacobianProduct(_ tape: Any, upstream: [Double], inputGradients: Bool) throws -> (weights: [Double], inputs: [Double]?) {
        let g = backward(tape as! Tape, upstream: upstream, inputGradients: inputGradients)
        return (g.weights, g.inputs)
    }
}
