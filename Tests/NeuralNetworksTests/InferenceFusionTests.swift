import Testing
@testable import NeuralNetworks

/// Inference on plain tensors fuses convolution → ReLU → 2×2 max pooling; the results equal the
/// layer-by-layer variable path.
@Suite struct InferenceFusionTests {
    @Test func lenetInferenceEqualsTheVariablePath() {
        let model: Sequential<Float> = Models.lenet5(seed: 3)
        model.isTraining = false
        var rng = RandomGenerator(seed: 4)
        for batch in [1, 5, 64] {
            let x = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
            let fused = model(x)
            let layered = model(Variable(x)).value
            #expect(fused.shape == layered.shape)
            let diff = zip(fused.scalars, layered.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(diff < 1e-4, "batch \(batch): \(diff)")
        }
    }

    /// Runs that only partly fuse: a convolution alone, with ReLU only, with a pooling layer the
    /// kernel does not cover (3×3), a strided convolution (im2col path), and doubles.
    @Test func partialRunsAndOtherLayersStillMatch() {
        var rng = RandomGenerator(seed: 5)
        let models: [Sequential<Float>] = [
            Sequential(Conv2D<Float>(2, 4, kernelSize: 3, padding: 1, rng: &rng)),
            Sequential(Conv2D<Float>(2, 16, kernelSize: 3, rng: &rng), Activation<Float>(.relu), Flatten<Float>()),
            Sequential(Conv2D<Float>(2, 5, kernelSize: 3, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 3)),
            Sequential(Conv2D<Float>(2, 5, kernelSize: 3, stride: 2, rng: &rng), MaxPool2D<Float>(kernelSize: 2)),
            Sequential(Conv2D<Float>(2, 3, kernelSize: 3, rng: &rng), MaxPool2D<Float>(kernelSize: 2), Activation<Float>(.tanh)),
        ]
        let x = Tensor<Float>.normal([3, 2, 9, 9], rng: &rng)
        for (i, model) in models.enumerated() {
            let diff = zip(model(x).scalars, model(Variable(x)).value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(diff < 1e-4, "model \(i): \(diff)")
        }
        let double: Sequential<Double> = Models.lenet5(seed: 1)
        let xd = Tensor<Double>.uniform([2, 1, 28, 28], rng: &rng)
        #expect(double(xd) == double(Variable(xd)).value)
    }
}
