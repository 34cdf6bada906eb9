import QuantumSim

/// A linear layer replaced by a data re-uploading circuit ("Let the Quantum Creep In", level 2):
/// x [N, F] → y [N, K] with K ≤ 2ⁿ.
///
/// Each sample is zero-padded to 4ⁿ values, read as a 2ⁿ×2ⁿ matrix D and symmetrised,
/// H = (D + Dᵀ)/2. From |+⟩^⊗n, R times: ψ ← exp(i·H/R)·ψ (fixed time), then ψ ← V_r·ψ with
/// V_r = exp(i Σ_k θ_r,k P_k) over all 4ⁿ − 1 Pauli strings. y_j = s·|⟨j|ψ⟩|² + b_j for the
/// basis states j < K, j read with the reference code's wire 0 as the most significant bit;
/// the reference has s = 1, where each y_j starts near 1/2ⁿ and barely differs between samples
/// (at n = 7 nothing trained, see `outputScale`). With `GeneratorCoefficients.complex`,
/// θ = a + i·b as in the reference code's complex tensors (V_r = exp(i·A − B), not unitary
/// once b ≠ 0; weights [R·2·(4ⁿ − 1)]).
/// Runs on the dense engine: one eigendecomposition of H per sample (O(8ⁿ)), R products with
/// its eigenbasis and R SU(2ⁿ) gates; gradients for θ, b and x (Daleckii–Krein through the
/// data exponential). Children: "circuit" (a `QuantumLayer`, weights [R·(4ⁿ − 1)]), own
/// parameter "bias" [K].
public final class DataReUploadingLinear<Scalar: TensorScalar>: LayerContainer {
    /// The circuit on the padded sample.
    public let circuit: QuantumLayer<Scalar>
    /// b [K].
    public let bias: Variable<Scalar>
    /// Features F read per sample (≤ 4ⁿ).
    public let inputSize: Int
    /// s: 1 in the reference; 2ⁿ makes the uniform state's outputs 1 and lets unitary blocks
    /// train (MNIST level 2: 10.2 % at s = 1 after 3 epochs on 10,000 images; 94.3 % at s = 128
    /// after 3 epochs on 60,000).
    public let outputScale: Double

    /// `qubits` n ≤ 7, `repetitions` R ≥ 1; θ (complex: a, with b = 0) drawn from N(0, σ²)
    /// with σ = `initialScale` (1: the reference code's `randn`) and b from N(0, 1), seeded.
    public convenience init(_ inputSize: Int, _ outputs: Int, qubits n: Int = 7, repetitions: Int = 10,
                            initialScale: Double = 1, outputScale: Double = 1, coefficients: GeneratorCoefficients = .real,
                            seed: UInt64) throws {
        guard (1...7).contains(n), repetitions >= 1 else {
            throw QMLError.invalidArgument("data re-uploading linear takes 1...7 qubits and ≥ 1 repetition")
        }
        guard inputSize >= 1, inputSize <= 1 << (2 * n), outputs >= 1, outputs <= 1 << n else {
            throw QMLError.invalidArgument("\(n) qubits take at most \(1 << (2 * n)) features and give at most "
                + "\(1 << n) outputs; asked for \(inputSize) → \(outputs)")
        }
        let c = try Self.circuit(qubits: n, repetitions: repetitions, outputs: outputs, coefficients: coefficients)
        var rng = RandomGenerator(seed: seed)
        var weights = Tensor<Scalar>.normal([c.weightCount], std: Scalar(initialScale), rng: &rng)
        if coefficients == .complex {
            let block = (1 << (2 * n)) - 1
            for r in 0..<repetitions { for k in 0..<block { weights[(2 * r + 1) * block + k] = 0 } }
        }
        let layer = try QuantumLayer<Scalar>(c, weights: weights)
        self.init(inputSize: inputSize, circuit: layer, bias: .normal([outputs], rng: &rng), outputScale: outputScale)
    }

    init(inputSize: Int, circuit: QuantumLayer<Scalar>, bias: Tensor<Scalar>, outputScale: Double) {
        self.inputSize = inputSize
        self.outputScale = outputScale
        self.circuit = circuit
        self.bias = Variable(bias, requiresGrad: true)
    }

    /// The dense circuit: |+⟩^⊗n, R × [exp(i·A/R), SU(2ⁿ)], probabilities of |0⟩…|K−1⟩.
    /// The engine's data step is exp(−i·t·A/2), so t = −2/R.
    public static func circuit(qubits n: Int, repetitions: Int, outputs: Int,
                               coefficients: GeneratorCoefficients = .real) throws -> DenseCircuit {
        let wires = Array((0..<n).reversed())
        var c = try DenseCircuit(qubits: n, initialState: .plus,
                                 readout: .basisStates(qubits: Array(0..<n), states: Array(0..<outputs)))
        let block = (coefficients == .real ? 1 : 2) * ((1 << (2 * n)) - 1)
        for r in 0..<repetitions {
            try c.append(.fixedHamiltonian(time: -2 / Double(repetitions)))
            let offset = r * block
            try c.append(coefficients == .real ? .specialUnitary(qubits: wires, weightOffset: offset)
                                               : .complexSpecialUnitary(qubits: wires, weightOffset: offset))
        }
        return c
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 2 && x.shape[1] == inputSize,
                     "DataReUploadingLinear: input \(x.shape) is not [N, \(inputSize)]")
        let width = circuit.engine.inputCount
        let padded = width == inputSize ? x : x.padded([(0, 0), (0, width - inputSize)])
        let probabilities = circuit(padded)
        return (outputScale == 1 ? probabilities : probabilities * Scalar(outputScale)) + bias
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { [("circuit", circuit)] }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        circuit.namedParameters.map { ("circuit.\($0.name)", $0.variable) } + [("bias", bias)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        guard let c = layers.first as? QuantumLayer<Scalar> else { return self }
        return DataReUploadingLinear(inputSize: inputSize, circuit: c, bias: bias.value, outputScale: outputScale)
    }
}
