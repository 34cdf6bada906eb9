extension Models {
    /// ResNet-20 (He et al.'s CIFAR network) for [N, 1, S, S] images, S ≥ 8: conv 3×3 1→16,
    /// BatchNorm, ReLU; three stages of three basic blocks (16, 32, 64 channels; the first block
    /// of stages 2 and 3 halves the side with stride 2 and a 1×1 convolution + BatchNorm on its
    /// shortcut); global average pooling; 64 → classes. Convolutions without bias (BatchNorm
    /// follows each). At S = 28 and 10 classes: 272,186 parameters.
    public static func resnet20<Scalar>(imageSize: Int, classes: Int, seed: UInt64) -> Sequential<Scalar> {
        precondition(imageSize >= 8, "resnet20: images of \(imageSize)×\(imageSize) are too small (need ≥ 8)")
        var rng = RandomGenerator(seed: seed)
        var layers: [any Layer<Scalar>] = [
            Conv2D<Scalar>(1, 16, kernelSize: 3, padding: 1, bias: false, rng: &rng), BatchNorm<Scalar>.twoD(16),
            Activation<Scalar>(.relu),
        ]
        var width = 16
        for (stage, channels) in [16, 32, 64].enumerated() {
            for block in 0..<3 {
                let stride = stage > 0 && block == 0 ? 2 : 1
                layers.append(basicBlock(width, channels, stride: stride, rng: &rng))
                width = channels
            }
        }
        let side = (imageSize + 3) / 4
        layers += [AvgPool2D<Scalar>(kernelSize: side), Flatten<Scalar>(), Linear<Scalar>(64, classes, rng: &rng)]
        return Sequential(layers)
    }

    /// conv 3×3 (stride s) BN ReLU conv 3×3 BN, plus the input (or its 1×1 stride-s convolution
    /// and BN when the shape changes), then ReLU.
    static func basicBlock<Scalar>(_ inChannels: Int, _ outChannels: Int, stride: Int,
                                   rng: inout RandomGenerator) -> Residual<Scalar> {
        let body = Sequential<Scalar>([
            Conv2D<Scalar>(inChannels, outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false, rng: &rng),
            BatchNorm<Scalar>.twoD(outChannels), Activation<Scalar>(.relu),
            Conv2D<Scalar>(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false, rng: &rng),
            BatchNorm<Scalar>.twoD(outChannels),
        ])
        guard stride != 1 || inChannels != outChannels else {
            return Residual(body, activation: Activation<Scalar>(.relu))
        }
        let shortcut = Sequential<Scalar>([
            Conv2D<Scalar>(inChannels, outChannels, kernelSize: 1, stride: stride, bias: false, rng: &rng),
            BatchNorm<Scalar>.twoD(outChannels),
        ])
        return Residual(body, shortcut: shortcut, activation: Activation<Scalar>(.relu))
    }
}
