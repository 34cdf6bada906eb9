/// Fully connected layer: y = x·Wᵀ + b, W of shape [out, in] (PyTorch layout), x [N, in] → y [N, out].
/// Cost O(N·in·out) through one GEMM.
public final class Linear<Scalar: TensorScalar>: Layer {
    public let weight: Variable<Scalar>
    public let bias: Variable<Scalar>?
    public var isTraining = true

    /// Weights and bias drawn from U(−1/√in, 1/√in).
    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, rng: inout RandomGenerator) {
        weight = Variable(uniformInit([outputSize, inputSize], fanIn: inputSize, rng: &rng), requiresGrad: true)
        self.bias = bias ? Variable(uniformInit([outputSize], fanIn: inputSize, rng: &rng), requiresGrad: true) : nil
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == weight.shape[1], "Linear: input \(x.shape) does not end in \(weight.shape[1])")
        let y = x.matmul(weight, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}

/// Flattens [N, …] to [N, Π…].
public final class Flatten<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.flattened() }
}

/// Element-wise activation functions as layers.
public final class Activation<Scalar: TensorScalar>: StatelessLayer {
    public enum Kind: String, Sendable, CaseIterable { case relu, gelu, silu, tanh, sigmoid, softmax, logSoftmax }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        switch kind {
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .silu: x.silu()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        case .softmax: x.softmax(axis: -1)
        case .logSoftmax: x.logSoftmax(axis: -1)
        }
    }
}

/// Zeroes each element with probability p during training and scales the rest by 1/(1−p);
/// the identity in evaluation mode. The mask of the k-th call is drawn from (seed, k), and the
/// call count is a buffer, so a checkpointed run resumes with the same masks.
public final class Dropout<Scalar: TensorScalar>: Layer {
    public let probability: Double
    public let seed: UInt64
    /// Training-mode calls so far.
    public var calls = 0
    public var isTraining = true

    public init(_ probability: Double, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability \(probability) outside [0, 1)")
        self.probability = probability
        self.seed = seed
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        guard isTraining && probability > 0 else { return x }
        var rng = RandomGenerator(seed: seed ^ (UInt64(calls + 1) &* 0xD1B5_4A32_D192_ED03))
        calls += 1
        let keep = Scalar(1 / (1 - probability))
        let mask = (0..<x.value.count).map { _ in rng.nextUnit() < probability ? 0 : keep }
        return x * Tensor(shape: x.shape, scalars: mask)
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [] }
    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { [("calls", Tensor(Scalar(calls)))] }
    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        guard name == "calls", tensor.count == 1 else { return false }
        calls = Int(tensor.scalars[0])
        return true
    }
}
