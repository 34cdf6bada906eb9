import Testing
@testable import NeuralNetworks

/// The ResNet-20 and MobileNet-style catalog networks: parameter counts worked out by hand,
/// output shapes at the smallest and the MNIST side, a few training steps that fit a batch,
/// and the evaluation path (running statistics) agreeing with itself across batch sizes.
@Suite struct ResidualModelsTests {
    @Test func parameterCounts() {
        // conv weights (no biases) and BatchNorm γ, β
        func conv(_ i: Int, _ o: Int, _ k: Int) -> Int { i * o * k * k + 2 * o }
        let stem = conv(1, 16, 3)
        let stage1 = 6 * conv(16, 16, 3)
        let stage2 = conv(16, 32, 3) + conv(32, 32, 3) + conv(16, 32, 1) + 4 * conv(32, 32, 3)
        let stage3 = conv(32, 64, 3) + conv(64, 64, 3) + conv(32, 64, 1) + 4 * conv(64, 64, 3)
        let resnet: Sequential<Float> = Models.resnet20(imageSize: 28, classes: 10, seed: 0)
        #expect(resnet.parameterCount == stem + stage1 + stage2 + stage3 + 650)
        #expect(resnet.parameterCount == 272_186)
        // depthwise 3×3 (C·9) and pointwise 1×1 (C·C'), each with BatchNorm
        let blocks = [(16, 32), (32, 64), (64, 64), (64, 128), (128, 128)].map { c, n in 9 * c + 2 * c + c * n + 2 * n }
        let mobile: Sequential<Float> = Models.mobileNet(imageSize: 28, classes: 10, seed: 0)
        #expect(mobile.parameterCount == stem + blocks.reduce(0, +) + 1290)
        #expect(mobile.parameterCount == 36_874)
    }

    @Test func shapesAtTheSmallestAndMNISTSides() {
        for side in [8, 9, 28] {
            var rng = RandomGenerator(seed: UInt64(side))
            let x = Tensor<Float>.uniform([3, 1, side, side], rng: &rng)
            let resnet: Sequential<Float> = Models.resnet20(imageSize: side, classes: 7, seed: 1)
            let mobile: Sequential<Float> = Models.mobileNet(imageSize: side, classes: 7, seed: 1)
            #expect(resnet(Variable(x)).shape == [3, 7], "side \(side)")
            #expect(mobile(Variable(x)).shape == [3, 7], "side \(side)")
        }
    }

    /// Thirty Adam steps on one batch of 16 random images with random labels drive the loss
    /// far down (the networks can fit), and in evaluation mode a sample's output does not
    /// depend on the batch around it.
    @Test func fitsABatchAndEvaluatesPerSample() {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor<Float>.uniform([16, 1, 12, 12], rng: &rng)
        let labels = (0..<16).map { $0 % 4 }
        for model in [Models.resnet20(imageSize: 12, classes: 4, seed: 2), Models.mobileNet(imageSize: 12, classes: 4, seed: 2)]
            as [Sequential<Float>] {
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 16)
            let first = trainer.trainStep(x, labels: labels).loss
            var last = first
            for _ in 0..<30 { last = trainer.trainStep(x, labels: labels).loss }
            #expect(last < first / 4, "\(first) → \(last)")
            model.isTraining = false
            let all = model(Variable(x)).value.scalars
            let one = model(Variable(x.gatherRows([5]))).value.scalars
            #expect(zip(all[20..<24], one).allSatisfy { abs($0 - $1) < 1e-4 })
        }
    }
}
