extension Models {
    /// A MobileNet-style network for [N, 1, S, S] images, S ≥ 8: conv 3×3 1→16, BN, ReLU, then
    /// depthwise-separable blocks 16→32, 32→64 (stride 2), 64→64, 64→128 (stride 2), 128→128
    /// (each a 3×3 depthwise convolution, BN, ReLU, a 1×1 pointwise one, BN, ReLU); global
    /// average pooling; 128 → classes. At 10 classes: 36,874 parameters.
    public static func mobileNet<Scalar>(imageSize: Int, classes: Int, seed: UInt64) -> Sequential<Scalar> {
        precondition(imageSize >= 8, "mobilenet: images of \(imageSize)×\(imageSize) are too small (need ≥ 8)")
        var rng = RandomGenerator(seed: seed)
        var layers: [any Layer<Scalar>] = [
            Conv2D<Scalar>(1, 16, kernelSize: 3, padding: 1, bias: false, rng: &rng), BatchNorm<Scalar>.twoD(16),
            Activation<Scalar>(.relu),
        ]
        for (c, next, stride) in [(16, 32, 1), (32, 64, 2), (64, 64, 1), (64, 128, 2), (128, 128, 1)] {
            layers += [
                Conv2D<Scalar>(c, c, kernelSize: (3, 3), stride: (stride, stride), padding: (1, 1), groups: c, bias: false, rng: &rng),
                BatchNorm<Scalar>.twoD(c), Activation<Scalar>(.relu),
                Conv2D<Scalar>(c, next, kernelSize: 1, bias: false, rng: &rng), BatchNorm<Scalar>.twoD(next),
                Activation<Scalar>(.relu),
            ]
        }
        let side = (imageSize + 3) / 4
        layers += [AvgPool2D<Scalar>(kernelSize: side), Flatten<Scalar>(), Linear<Scalar>(128, classes, rng: &rng)]
        return Sequential(layers)
    }
}
