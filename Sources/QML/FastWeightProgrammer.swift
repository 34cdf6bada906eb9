import QuantumSim

/// The quantum fast-weight programmer of Chen (QFWP, arXiv 2402.17760): a classical "slow
/// programmer" writes the angles of a variational circuit, accumulated over the sequence.
///
/// Per step t, on x_t [N, F]: z = Linear(F → L)(x_t); a = Linear(L → D)(z), b = Linear(L → Q)(z);
/// Θ_t = Θ_{t−1} + a ⊗ b (per sample, [N, D, Q], Θ_0 = 0: the memory). The circuit on Q qubits:
/// H on every qubit, RY(x_t,i) on qubit i < F, then per depth k a CNOT brick ((0,1),(2,3),… then
/// (1,2),(3,4),…) and RY(Θ_t[k, q]) on every qubit; ⟨Z⟩ of the first `readoutQubits` → Linear(→ outputs).
/// The output is the last step's, [N, outputs] (sequence to one). Input [N, T] (F = 1) or [N, T, F].
/// The circuit has no weights of its own: every angle is a per-sample input, so gradients reach
/// the programmer through the adjoint method's input gradients at every step.
public final class FastWeightProgrammer<Scalar: TensorScalar>: LayerContainer {
    public let programmer: Linear<Scalar>
    public let depthHead: Linear<Scalar>
    public let qubitHead: Linear<Scalar>
    public let circuit: QuantumLayer<Scalar>
    public let output: Linear<Scalar>
    public let features: Int
    public let depth: Int
    public let qubits: Int

    /// The published sizes by default: latent 8, depth 2, 8 qubits, ⟨Z⟩ of 4, one output; seeded.
    public init(features: Int = 1, latent: Int = 8, depth: Int = 2, qubits: Int = 8, readoutQubits: Int = 4, outputs: Int = 1,
                seed: UInt64) throws {
        guard features >= 1, features <= qubits, readoutQubits >= 1, readoutQubits <= qubits, depth >= 1, latent >= 1 else {
            throw QMLError.invalidArgument("QFWP: need 1 ≤ features ≤ qubits, 1 ≤ readout qubits ≤ qubits, depth and latent ≥ 1; "
                + "got features \(features), qubits \(qubits), readout \(readoutQubits), depth \(depth), latent \(latent)")
        }
        var rng = RandomGenerator(seed: seed)
        programmer = Linear(features, latent, rng: &rng)
        depthHead = Linear(latent, depth, rng: &rng)
        qubitHead = Linear(latent, qubits, rng: &rng)
        output = Linear(readoutQubits, outputs, rng: &rng)
        let readout = QuantumReadout.expectations((0..<readoutQubits).map { Observable.z($0) })
        circuit = try QuantumLayer(Self.circuit(features: features, depth: depth, qubits: qubits), readout: readout,
                                   seed: seed, trainable: false)
        self.features = features
        self.depth = depth
        self.qubits = qubits
    }

    /// The fast programmer's circuit: inputs x (F) then Θ (D·Q, depth-major); no weights.
    public static func circuit(features: Int, depth: Int, qubits q: Int) -> Circuit {
        var c = Circuit(qubits: q)
        for i in 0..<q { c.h(i) }
        for i in 0..<features { c.ry(.input(i), i) }
        for k in 0..<depth {
            for i in stride(from: 0, to: q - 1, by: 2) { c.cx(i, i + 1) }
            for i in stride(from: 1, to: q - 1, by: 2) { c.cx(i, i + 1) }
            for i in 0..<q { c.ry(.input(features + k * q + i), i) }
        }
        return c
    }

    /// Angles the programmer writes per step (D·Q): the circuit's parameters.
    public var programmedAngles: Int { depth * qubits }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let steps = Recurrent<Scalar>.steps(of: x, features: features)
        let n = x.shape[0]
        var theta = Variable<Scalar>(Tensor.zeros([n, depth * qubits]))
        var last: Variable<Scalar>?
        for input in steps {
            let z = programmer(input)
            let a = depthHead(z).reshaped([n, depth, 1])
            let b = qubitHead(z).reshaped([n, 1, qubits])
            theta = theta + (a * b).reshaped([n, depth * qubits])
            last = circuit(.concatenated([input, theta], axis: 1))
        }
        guard let last else { preconditionFailure("QFWP: a sequence of no steps") }
        return output(last)
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("programmer", programmer), ("depthHead", depthHead), ("qubitHead", qubitHead), ("circuit", circuit), ("output", output)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        preconditionFailure("QFWP: its layers are not replaced")
    }
}
