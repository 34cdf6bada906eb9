import Foundation
import Testing
@testable import Quantization

/// QFX: fixed-point values by hand, the binary point's gradient, powers-of-two expansions by
/// hand, and which tensors of a residual network the wrapper quantizes.
@Suite struct FixedPointTests {
    @Test func valuesByHand() {
        let q = FixedPointQuantizer(bits: 4, fractionalBits: 2, learnable: true)
        let x = Variable(Tensor<Float>([0.3, 3, -5, -0.6]))
        #expect(q(x).value.scalars == [0.25, 1.75, -2, -0.5])
        #expect(q.fractionalBits == 2 && q.namedParameters.count == 1)
        #expect(FixedPointQuantizer(bits: 4, fractionalBits: 2, learnable: false).namedParameters.isEmpty)
    }

    @Test func thePointGetsAGradient() {
        let q = FixedPointQuantizer(bits: 4, fractionalBits: 2, learnable: true)
        let x = Variable(Tensor<Float>([0.3, 3, -5, -0.6, 1.1]))
        (q(x) - x).squared().sum().backward()
        // Clipped values want a coarser step (a smaller F): the gradient on the point is positive.
        #expect((q.raw.grad?.scalars[0] ?? 0) > 0)
    }

    @Test func powersOfTwoByHand() {
        #expect(PowersOfTwo.approximate(0.75, terms: 1, fractionalBits: 4) == 0.5)
        #expect(PowersOfTwo.approximate(0.75, terms: 2, fractionalBits: 4) == 0.75)
        #expect(PowersOfTwo.approximate(-0.3, terms: 1, fractionalBits: 4) == -0.25)
        #expect(PowersOfTwo.approximate(0.3, terms: 2, fractionalBits: 4) == 0.3125)
        #expect(PowersOfTwo.approximate(0.01, terms: 2, fractionalBits: 4) == 0)
    }

    @Test func residualNetworkQuantizers() {
        let model: Sequential<Float> = Models.resnet20(imageSize: 8, classes: 3, seed: 1)
        let (wrapped, points) = QFX().wrap(model)
        // 22 layers × (input + weight), 21 BatchNorm outputs, 9 residual sums
        #expect(points.count == 22 * 2 + 21 + 9)
        var rng = RandomGenerator(seed: 2)
        let x = Tensor<Float>.normal([2, 1, 8, 8], rng: &rng)
        wrapped.isTraining = false
        #expect(wrapped(x).shape == [2, 3])
        #expect(wrapped.parameters.count == model.parameters.count + points.count)
    }
}
