/// 2-D convolution layer: [N, C, H, W] → [N, O, OH, OW] with OH = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1.
/// Weight [O, C/groups, KH, KW], bias [O] (PyTorch layout).
public final class Conv2D<Scalar: TensorScalar>: Layer {
    public let weight: Variable<Scalar>
    public let bias: Variable<Scalar>?
    public let config: Conv2DConfig
    public var isTraining = true

    /// Weights and bias drawn from U(−1/√fanIn, 1/√fanIn), fanIn = C/groups·KH·KW.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
                rng: inout RandomGenerator) {
        precondition(inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv2D: channels \(inChannels)→\(outChannels) not divisible by groups \(groups)")
        let fanIn = inChannels / groups * kernelSize.0 * kernelSize.1
        weight = Variable(uniformInit([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], fanIn: fanIn, rng: &rng),
                          requiresGrad: true)
        self.bias = bias ? Variable(uniformInit([outChannels], fanIn: fanIn, rng: &rng), requiresGrad: true) : nil
        config = Conv2DConfig(stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    /// Square kernel shorthand.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            bias: Bool = true, rng: inout RandomGenerator) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), bias: bias, rng: &rng)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        conv2d(x, weight, bias: bias, config)
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
