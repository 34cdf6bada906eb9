import QuantumSim

/// A quantum circuit as a network layer: x [N, F] → readout [N, K], over any `QuantumEngine`
/// (a QuantumSim `Circuit` compiled by `StateVectorEngine`, or a `DenseCircuit` for
/// Hamiltonian embeddings and SU(2ᵏ) gates). The circuit's inputs read the first
/// `engine.inputCount` features of each sample (F may be larger: the rest are ignored, with
/// gradient 0); its weights are the layer's trainable `weights` (parameter name "weights").
/// Forward evaluates the batch; backward is the engine's vector–Jacobian product, giving
/// gradients for the weights and for x, so the layer can sit anywhere in a `Sequential`.
/// Simulated in complex128.
public final class QuantumLayer<Scalar: TensorScalar>: Layer {
    /// The simulator.
    public let engine: any QuantumEngine
    /// Circuit weights, shape [weightCount].
    public let weights: Variable<Scalar>
    /// Whether the weights are trained (the parameter "weights") or fixed (the buffer "weights",
    /// as in a random quanvolution): fixed weights get no gradient.
    public let trainable: Bool
    public var isTraining = true

    /// A layer running `engine` from initial `weights` (shape [engine.weightCount]).
    public init(engine: any QuantumEngine, weights: Tensor<Scalar>, trainable: Bool = true) throws {
        guard weights.shape == [engine.weightCount] else {
            throw QMLError.invalidArgument("circuit takes \(engine.weightCount) weights, got shape \(weights.shape)")
        }
        self.engine = engine
        self.trainable = trainable
        self.weights = Variable(weights, requiresGrad: trainable)
    }

    /// `circuit` compiled with `readout`; throws when the readout uses qubits the circuit lacks
    /// or the weights do not fit.
    public convenience init(_ circuit: Circuit, readout: QuantumReadout, weights: Tensor<Scalar>) throws {
        try self.init(engine: try StateVectorEngine(circuit, readout: readout), weights: weights)
    }

    /// `circuit` with weights drawn uniformly from [0, 2π) (PennyLane's usual initialisation), seeded.
    public convenience init(_ circuit: Circuit, readout: QuantumReadout, seed: UInt64, trainable: Bool = true) throws {
        try self.init(engine: try StateVectorEngine(circuit, readout: readout), weights: Self.uniform(circuit.weightCount, seed),
                      trainable: trainable)
    }

    /// `circuit` read out with `shots` measurements per observable (`ShotEngine`): sampled
    /// values forward, shot-based gradients (parameter shift or SPSA) backward; seeded.
    public convenience init(_ circuit: Circuit, readout: QuantumReadout, shots: Int, gradient: ShotEngine.Gradient = .parameterShift,
                            weights: Tensor<Scalar>, seed: UInt64) throws {
        try self.init(engine: try ShotEngine(circuit, readout: readout, shots: shots, seed: seed, gradient: gradient), weights: weights)
    }

    /// A dense circuit (its readout is part of it) from initial `weights`.
    public convenience init(_ circuit: DenseCircuit, weights: Tensor<Scalar>) throws {
        try self.init(engine: DenseProgram(circuit), weights: weights)
    }

    /// A dense circuit with weights drawn from N(0, σ²), seeded (the published dense models'
    /// initialisation).
    public convenience init(_ circuit: DenseCircuit, initialScale sigma: Double = 1, seed: UInt64) throws {
        var rng = RandomGenerator(seed: seed)
        let w = (0..<circuit.weightCount).map { _ in Scalar(sigma * rng.nextNormal()) }
        try self.init(engine: DenseProgram(circuit), weights: Tensor(shape: [circuit.weightCount], scalars: w))
    }

    static func uniform(_ count: Int, _ seed: UInt64) -> Tensor<Scalar> {
        var rng = RandomGenerator(seed: seed)
        return Tensor(shape: [count], scalars: (0..<count).map { _ in Scalar(2 * Double.pi * rng.nextUnit()) })
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let n = x.shape.first ?? 0
        let f = n == 0 ? 0 : x.value.count / n
        let (m, k) = (engine.inputCount, engine.outputCount)
        precondition(f >= m, "QuantumLayer: input \(x.shape) has \(f) features per sample; the circuit reads \(m)")
        let inputs = Self.columns(x.value.scalars, rows: n, width: f, keep: m)
        let w = weights.value.scalars.map(Double.init)
        let result: (values: [Double], tape: Any)
        do { result = try engine.evaluate(weights: w, inputs: inputs, batch: n) } catch {
            preconditionFailure("QuantumLayer: \(error)")   // sizes were checked at init and above
        }
        let value = Tensor<Scalar>(shape: [n, k], scalars: Self.scalars(result.values))
        let (engine, xShape, tape) = (self.engine, x.shape, result.tape)
        return Variable.custom("quantumCircuit", inputs: [x, weights], value: value) { g, needed in
            let grads: (weights: [Double], inputs: [Double]?)
            do {
                grads = try engine.vectorJacobianProduct(tape, upstream: g.scalars.map(Double.init), inputGradients: needed[0])
            } catch { preconditionFailure("QuantumLayer backward: \(error)") }
            let dx = grads.inputs.map { Self.widened($0, rows: n, from: m, to: f) }
            return [dx.map { Tensor(shape: xShape, scalars: $0.map { Scalar($0) }) },
                    needed[1] ? Tensor(shape: [w.count], scalars: grads.weights.map { Scalar($0) }) : nil]
        }
    }

    /// The first `keep` of `width` columns of each row, as Double.
    static func columns(_ x: [Scalar], rows: Int, width: Int, keep: Int) -> [Double] {
        guard keep != width else {
            // same element type: the array itself (a cast would still visit every element)
            if Scalar.self == Double.self { return unsafeBitCast(x, to: [Double].self) }
            return x.map(Double.init)
        }
        var out = [Double]()
        out.reserveCapacity(rows * keep)
        for r in 0..<rows {
            for c in 0..<keep { out.append(Double(x[r * width + c])) }
        }
        return out
    }

    /// Doubles as the layer's scalars (the array itself when they are Double).
    static func scalars(_ values: [Double]) -> [Scalar] {
        Scalar.self == Double.self ? unsafeBitCast(values, to: [Scalar].self) : values.map { Scalar($0) }
    }

    /// Rows of `from` values padded with zeros to `to` columns.
    static func widened(_ g: [Double], rows: Int, from: Int, to: Int) -> [Double] {
        guard from != to else { return g }
        var out = [Double](repeating: 0, count: rows * to)
        for r in 0..<rows {
            for c in 0..<from { out[r * to + c] = g[r * from + c] }
        }
        return out
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { trainable ? [("weights", weights)] : [] }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { trainable ? [] : [("weights", weights.value)] }

    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        guard !trainable, name == "weights", tensor.shape == weights.shape else { return false }
        weights.value = tensor
        return true
    }
}
