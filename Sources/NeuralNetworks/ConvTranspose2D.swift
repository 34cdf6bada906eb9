/// Transposed 2-D convolution (PyTorch's `ConvTranspose2d`, one group): [N, C, H, W] →
/// [N, O, OH, OW] with OH = (H − 1)·s − 2p + (k − 1) + outputPadding + 1 — the adjoint of a
/// convolution O → C with the same kernel, stride and padding, which is how it is computed
/// (`conv2dInputGradient`, differentiable to any order). Weight [C, O, KH, KW], bias [O].
/// Decoders use it to grow feature maps (stride 2 doubles the side with k = 4, p = 1, or k = 3,
/// p = 1, outputPadding 1). Cost that of the convolution it transposes.
public final class ConvTranspose2D<Scalar: TensorScalar>: Layer {
    public let weight: Variable<Scalar>
    public let bias: Variable<Scalar>?
    public let config: Conv2DConfig
    public let outputPadding: (Int, Int)
    public var isTraining = true

    /// Weights and bias from U(−1/√fanIn, 1/√fanIn), fanIn = O·KH·KW (PyTorch's).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize k: Int, stride s: Int = 1, padding p: Int = 0,
                outputPadding: Int = 0, bias: Bool = true, rng: inout RandomGenerator) {
        precondition(outputPadding >= 0 && outputPadding < s, "ConvTranspose2D: output padding \(outputPadding) must be below the stride \(s)")
        let fanIn = outChannels * k * k
        weight = Variable(uniformInit([inChannels, outChannels, k, k], fanIn: fanIn, rng: &rng), requiresGrad: true)
        self.bias = bias ? Variable(uniformInit([outChannels], fanIn: fanIn, rng: &rng), requiresGrad: true) : nil
        config = Conv2DConfig(stride: (s, s), padding: (p, p))
        self.outputPadding = (outputPadding, outputPadding)
    }

    /// The output shape for input `shape` [N, C, H, W].
    public func outputShape(_ shape: [Int]) -> [Int] {
        let (k0, k1) = (weight.shape[2], weight.shape[3])
        let h = (shape[2] - 1) * config.stride.0 - 2 * config.padding.0 + (k0 - 1) + outputPadding.0 + 1
        let w = (shape[3] - 1) * config.stride.1 - 2 * config.padding.1 + (k1 - 1) + outputPadding.1 + 1
        return [shape[0], weight.shape[1], h, w]
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 4 && x.shape[1] == weight.shape[0], "ConvTranspose2D: input \(x.shape) is not [N, \(weight.shape[0]), H, W]")
        let y = conv2dInputGradient(x, weight: weight, inputShape: outputShape(x.shape), config)
        guard let bias else { return y }
        return y + bias.reshaped([1, weight.shape[1], 1, 1])
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}

/// Nearest-neighbour upsampling by an integer factor: [N, C, H, W] → [N, C, f·H, f·W], each
/// value repeated over an f×f block (a broadcast, so its gradient sums the block). O(output).
public final class Upsample2D<Scalar: TensorScalar>: StatelessLayer {
    public let factor: Int

    public init(factor: Int) {
        precondition(factor >= 1, "Upsample2D: factor \(factor) must be ≥ 1")
        self.factor = factor
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 4, "Upsample2D: input \(x.shape) is not [N, C, H, W]")
        let (n, c, h, w, f) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], factor)
        return x.reshaped([n, c, h, 1, w, 1]).broadcast(to: [n, c, h, f, w, f]).reshaped([n, c, h * f, w * f])
    }
}
