/// Ready-made classical models, built from the layers with a seed.
public enum Models {
    /// Multi-layer perceptron on flattened inputs: in → hidden… (ReLU) → classes.
    public static func mlp<Scalar>(inputSize: Int, hidden: [Int], classes: Int, seed: UInt64) -> Sequential<Scalar> {
        var rng = RandomGenerator(seed: seed)
        var layers: [any Layer<Scalar>] = [Flatten<Scalar>()]
        var width = inputSize
        for h in hidden {
            layers += [Linear<Scalar>(width, h, rng: &rng), Activation<Scalar>(.relu)]
            width = h
        }
        layers.append(Linear<Scalar>(width, classes, rng: &rng))
        return Sequential(layers)
    }

    /// A small CNN of 3×3 convolutions with padding 1, for [N, 1, S, S] images:
    /// conv(1→c) ReLU → conv(c→2c) ReLU → maxpool 2 → flatten → 128 ReLU → classes.
    public static func smallCNN<Scalar>(imageSize: Int, channels: Int = 16, classes: Int, seed: UInt64) -> Sequential<Scalar> {
        var rng = RandomGenerator(seed: seed)
        let pooled = imageSize / 2
        return Sequential([
            Conv2D<Scalar>(1, channels, kernelSize: 3, padding: 1, rng: &rng), Activation<Scalar>(.relu),
            Conv2D<Scalar>(channels, 2 * channels, kernelSize: 3, padding: 1, rng: &rng), Activation<Scalar>(.relu),
            MaxPool2D<Scalar>(kernelSize: 2), Flatten<Scalar>(),
            Linear<Scalar>(2 * channels * pooled * pooled, 128, rng: &rng), Activation<Scalar>(.relu),
            Linear<Scalar>(128, classes, rng: &rng),
        ])
    }

    /// LeNet-5 for [N, 1, S, S] (S = 28 in the classic setting, ≥ 16 in general): conv 6@5×5 → ReLU →
    /// maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → 16·k² → 120 → 84 → classes (ReLU between),
    /// with k = ((S − 4)/2 − 4)/2 (k = 4 at S = 28, as benchmark W6 defines it).
    public static func lenet5<Scalar>(classes: Int = 10, imageSize: Int = 28, seed: UInt64) -> Sequential<Scalar> {
        precondition(imageSize >= 16, "lenet5: images of \(imageSize)×\(imageSize) are too small (need ≥ 16)")
        var rng = RandomGenerator(seed: seed)
        let k = ((imageSize - 4) / 2 - 4) / 2
        return Sequential([
            Conv2D<Scalar>(1, 6, kernelSize: 5, rng: &rng), Activation<Scalar>(.relu), MaxPool2D<Scalar>(kernelSize: 2),
            Conv2D<Scalar>(6, 16, kernelSize: 5, rng: &rng), Activation<Scalar>(.relu), MaxPool2D<Scalar>(kernelSize: 2),
            Flatten<Scalar>(),
            Linear<Scalar>(16 * k * k, 120, rng: &rng), Activation<Scalar>(.relu),
            Linear<Scalar>(120, 84, rng: &rng), Activation<Scalar>(.relu),
            Linear<Scalar>(84, classes, rng: &rng),
        ])
    }
}
