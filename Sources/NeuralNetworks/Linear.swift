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

    /// A layer with the given weight [out, in] and optional bias [out].
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil) {
        precondition(weight.rank == 2, "Linear: weight shape \(weight.shape) is not [out, in]")
        precondition(bias == nil || bias!.shape == [weight.shape[0]],
                      "Linear: bias shape \(bias!.shape) does not match weight \(weight.shape)")
        self.weight = Variable(weight, requiresGrad: true)
        self.bias = bias.map { Variable($0, requiresGrad: true) }
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == weight.shape[1], "Linear: input \(x.shape) does not end in \(weight.shape[1])")
        let y = x.matmul(weight, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    /// Inference without a graph: x·Wᵀ + b.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(x.shape.last == weight.shape[1], "Linear: input \(x.shape) does not end in \(weight.shape[1])")
        let y = x.matmul(weight.value, transposeOther: true)
        return bias.map { y + $0.value } ?? y
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
