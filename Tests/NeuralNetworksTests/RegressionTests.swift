import Testing
@testable import NeuralNetworks

@Suite struct RegressionTests {
    /// y = 2x + 1 on x = 0, 1, 2: exact weights give no error; bias 0 misses each target by 1,
    /// so MSE = MAE = 1 and R² = 1 − 3/8 (the targets' squared deviations sum to 8).
    @Test func reportByHand() {
        var rng = RandomGenerator(seed: 1)
        let model = Linear<Float>(1, 1, rng: &rng)
        let data = LabeledData(features: Tensor(shape: [3, 1], scalars: [0, 1, 2]), targets: Tensor(shape: [3, 1], scalars: [1, 3, 5]))
        model.weight.value = Tensor(shape: model.weight.shape, scalars: [2])
        model.bias!.value = Tensor([1])
        let exact = evaluateRegression(model, data)
        #expect(exact.meanSquaredError == 0 && exact.r2 == 1)
        model.bias!.value = Tensor([0])
        let off = evaluateRegression(model, data)
        #expect(off.meanSquaredError == 1 && off.meanAbsoluteError == 1 && abs(off.r2 - (1 - 3.0 / 8)) < 1e-12)
        let scaled = evaluateRegression(model, data, scale: (mean: 10, std: 2))
        #expect(scaled.meanAbsoluteError == 2 && scaled.meanSquaredError == 4)
    }

    /// The trainer fits a line with the mean-squared-error loss; accuracy is absent.
    @Test func trainerFitsALine() throws {
        var rng = RandomGenerator(seed: 2)
        let model = Sequential<Float>([Linear<Float>(1, 1, rng: &rng)])
        let x = (0..<64).map { Float($0) / 32 - 1 }
        let data = LabeledData(features: Tensor(shape: [64, 1], scalars: x), targets: Tensor(shape: [64, 1], scalars: x.map { 3 * $0 - 0.5 }))
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.05), batchSize: 16, seed: 3)
        trainer.loss = .meanSquaredError()
        var options = FitOptions(epochs: 150)
        options.validation = data
        let records = try trainer.fit(data, options: options)
        #expect(records.last!.trainAccuracy.isNaN)
        #expect(evaluateRegression(model, data).meanSquaredError < 1e-4)
        #expect(trainer.state.bestEpoch > 0)
    }
}
