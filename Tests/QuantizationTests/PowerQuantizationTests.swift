import Foundation
import Testing
@testable import Quantization

/// NUPES' power grid: exponent 1 is the uniform grid; on heavy-tailed weights a searched
/// exponent below 1 reconstructs the outputs better than the uniform grid.
@Suite struct PowerQuantizationTests {
    @Test func exponentOneIsUniform() throws {
        var rng = RandomGenerator(seed: 1)
        let w = Tensor<Float>.normal([6, 10], rng: &rng)
        let uniform = try QuantizationParameters.fitted(to: w, scheme: .weights(bits: 4)).fakeQuantize(w)
        #expect(try PowerQuantization().quantize(w, exponent: 1).isApproximatelyEqual(to: uniform, atol: 1e-5, rtol: 1e-5))
    }

    /// Laplace-distributed weights (most near zero, a few large): the searched exponent is below 1
    /// and the model's output error is smaller than with uniform 4-bit weights.
    @Test func heavyTailedWeightsPreferAPowerBelowOne() throws {
        var rng = RandomGenerator(seed: 2)
        let linear = Linear<Float>(32, 16, rng: &rng)
        let u = Tensor<Float>.uniform([16, 32], low: -0.499, high: 0.499, rng: &rng)
        linear.weight.value = u.map(.sign) * (1 - u.abs() * 2).log() * -0.1       // Laplace(0, 0.1)
        let model = Sequential<Float>(linear)
        let batches = [Tensor<Float>.normal([64, 32], rng: &rng)]
        var nupes = PowerQuantization()
        nupes.refinementSteps = 20
        let (quantized, exponents) = try nupes.quantize(model, calibration: batches)
        #expect(try #require(exponents["0"]) < 0.95)
        let x = batches[0], reference = model(x)
        let powerError = (quantized(x) - reference).squared().mean().scalar
        let weightOnly = try WeightOnlyQuantization.roundToNearest(model, scheme: .weights(bits: 4))
        let uniformError = (weightOnly(x) - reference).squared().mean().scalar
        #expect(powerError < 0.8 * uniformError, "power \(powerError), uniform \(uniformError)")
    }
}
