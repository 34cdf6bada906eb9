import NeuralNetworks

/// A `DenseCircuit` as a network layer: x [N, F] (any trailing shape with F values per
/// sample) → readout [N, K], differentiable in the circuit's weights (parameter "weights")
/// and in x. Forward is batched; backward is one adjoint sweep per sample
/// (`DenseProgram.backward`). Saved and loaded by checkpoints like any layer.
public final class DenseQuantumLayer<Scalar: TensorScalar>: Layer {
    /// The compiled circuit (holds the per-sample eigendecomposition cache).
    public let program: DenseProgram
    /// The circuit's trainable weights, shape [weightCount].
    public let weights: Variable<Scalar>
    public var isTraining = true

    /// A layer running `circuit` with initial `weights` (count = circuit.weightCount).
    public init(_ circuit: DenseCircuit, weights: Tensor<Scalar>) throws {
        guard weights.shape == [circuit.weightCount] else {
            throw QMLError.invalidArgument("circuit takes \(circuit.weightCount) weights, got shape \(weights.shape)")
        }
        program = DenseProgram(circuit)
        self.weights = Variable(weights, requiresGrad: true)
    }

    /// A layer with weights drawn from N(0, σ²), seeded.
    public convenience init(_ circuit: DenseCircuit, initialScale sigma: Double = 1, seed: UInt64) throws {
        var rng = RandomGenerator(seed: seed)
        let w = (0..<circuit.weightCount).map { _ in Scalar(sigma * rng.nextNormal()) }
        try self.init(circuit, weights: Tensor(shape: [circuit.weightCount], scalars: w))
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let circuit = program.circuit
        let n = x.shape.first ?? 0, f = circuit.inputCount, k = circuit.readout.outputCount
        precondition(x.value.count == n * f, "DenseQuantumLayer: input \(x.shape) does not hold \(f) features per sample")
        let inputs = x.value.scalars.map(Double.init), w = weights.value.scalars.map(Double.init)
        let result: (values: [Double], tape: DenseProgram.Tape)
        do { result = try program.forward(weights: w, inputs: inputs, batch: n) } catch {
            preconditionFailure("DenseQuantumLayer: \(error)")   // shapes were checked above; LAPACK failure only
        }
        let value = Tensor<Scalar>(shape: [n, k], scalars: result.values.map { Scalar($0) })
        let program = self.program, xShape = x.shape, tape = result.tape
        return Variable.custom("denseQuantumCircuit", inputs: [x, weights], value: value) { g, needed in
            let grads = program.backward(tape, upstream: g.scalars.map(Double.init), inputGradients: needed[0])
            return [grads.inputs.map { Tensor(shape: xShape, scalars: $0.map { Scalar($0) }) },
                    needed[1] ? Tensor(shape: [w.count], scalars: grads.weights.map { Scalar($0) }) : nil]
        }
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weights", weights)] }
}
