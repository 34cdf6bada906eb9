import Foundation
import Testing
import QuantaTestSupport
@testable import NeuralNetworks

/// Optimizer steps and schedules against values worked out by hand.
@Suite struct OptimizerTests {
    /// A parameter [1, −2] with gradient [0.5, 0.25].
    static func parameter() -> Variable<Double> {
        let p = Variable(Tensor<Double>([1, -2]), requiresGrad: true)
        p.grad = Tensor([0.5, 0.25])
        return p
    }

    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool { Approximate.isClose(a, b, atol: tol) }

    @Test func plainSGDWithWeightDecay() {
        let p = Self.parameter()
        SGD([p], learningRate: 0.1, weightDecay: 0.1).step()
        // g' = g + 0.1θ = [0.6, 0.05]; θ − 0.1·g' = [0.94, −2.005].
        #expect(Self.close(p.value.scalars, [0.94, -2.005]))
    }

    @Test func momentumAndNesterov() {
        let p = Self.parameter(), q = Self.parameter()
        let sgd = SGD([p], learningRate: 0.1, momentum: 0.9)
        let nag = SGD([q], learningRate: 0.1, momentum: 0.9, nesterov: true)
        sgd.step(); nag.step()
        // Step 1: v = g. SGD: θ − 0.1g = [0.95, −2.025]. Nesterov: θ − 0.1(g + 0.9g) = [0.905, −2.0475].
        #expect(Self.close(p.value.scalars, [0.95, -2.025]))
        #expect(Self.close(q.value.scalars, [0.905, -2.0475]))
        sgd.step()
        // Step 2 (same g): v = 0.9g + g = 1.9g; θ = [0.95 − 0.095, −2.025 − 0.0475].
        #expect(Self.close(p.value.scalars, [0.855, -2.0725]))
    }

    @Test func adamFirstStepsAndAdamW() {
        let p = Self.parameter()
        let adam = Adam([p], learningRate: 0.1)
        adam.step()
        // First step: m̂ = g, v̂ = g², update = η·g/(|g| + ε) ≈ η·sign(g).
        let first: [Double] = [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 - 0.1 * 0.25 / (0.25 + 1e-8)]
        #expect(Self.close(p.value.scalars, first))
        p.grad = Tensor([-0.5, 0.25])
        adam.step()
        // m = 0.9·0.1g1 + 0.1g2 ..., computed directly from the definition.
        let m0: Double = (0.9 * 0.05 + 0.1 * -0.5) / (1 - 0.81)
        let v0: Double = (0.999 * 0.00025 + 0.001 * 0.25) / (1 - 0.998001)
        let m1: Double = (0.9 * 0.025 + 0.1 * 0.25) / (1 - 0.81)
        let v1: Double = (0.999 * 0.0000625 + 0.001 * 0.0625) / (1 - 0.998001)
        let second: [Double] = [first[0] - 0.1 * m0 / (v0.squareRoot() + 1e-8), first[1] - 0.1 * m1 / (v1.squareRoot() + 1e-8)]
        #expect(Self.close(p.value.scalars, second, 1e-10))
        let q = Self.parameter()
        Adam.adamW([q], learningRate: 0.1, weightDecay: 0.5).step()
        // θ·(1 − 0.05) first, then the Adam step.
        let decayed: [Double] = [0.95 - 0.1 * 0.5 / (0.5 + 1e-8), -1.9 - 0.1 * 0.25 / (0.25 + 1e-8)]
        #expect(Self.close(q.value.scalars, decayed))
    }

    @Test func rmsprop() {
        let p = Self.parameter()
        RMSprop([p], learningRate: 0.01, alpha: 0.9).step()
        // v = 0.1g²; θ − 0.01·g/(√v + ε).
        let expected: [Double] = [1 - 0.01 * 0.5 / (0.1.squareRoot() * 0.5 + 1e-8), -2 - 0.01 * 0.25 / (0.1.squareRoot() * 0.25 + 1e-8)]
        #expect(Self.close(p.value.scalars, expected, 1e-12))
    }

    @Test func optimizerStateRoundTrip() throws {
        let p = Self.parameter()
        let adam = Adam([p], learningRate: 0.1)
        adam.step()
        let saved = Dictionary(uniqueKeysWithValues: adam.state.map { ($0.name, $0.tensor) })
        let q = Self.parameter()
        let restored = Adam([q], learningRate: 0.1)
        try restored.restore(saved)
        #expect(restored.stepCount == 1)
        #expect(throws: OptimizerStateError.self) { try Adam([Variable(Tensor<Double>([1]))]).restore(saved) }
    }

    @Test func schedules() {
        #expect(StepSchedule(initial: 1, stepSize: 2, gamma: 0.5).learningRate(at: 5) == 0.25)
        #expect(abs(ExponentialSchedule(initial: 0.01, gamma: 0.99, every: 100).learningRate(at: 200) - 0.01 * 0.9801) < 1e-15)
        #expect(CosineSchedule(initial: 1, totalSteps: 10).learningRate(at: 5) == 0.5)
        #expect(CosineSchedule(initial: 1, totalSteps: 10, minimum: 0.1).learningRate(at: 10) == 0.1)
        let warm = WarmupSchedule(ConstantSchedule(0.4), warmupSteps: 4)
        #expect([0, 1, 3, 9].map(warm.learningRate) == [0.1, 0.2, 0.4, 0.4])
    }

    @Test func gradientClipping() {
        let p = Self.parameter()
        p.grad = Tensor([3, 4])
        let norm = clipGradients([p], maxNorm: 1)
        #expect(norm == 5)
        #expect(Self.close(p.grad!.scalars, [0.6, 0.8], 1e-6))
        p.grad = Tensor([3, -4])
        clipGradients([p], maxValue: 2)
        #expect(p.grad!.scalars == [2, -2])
    }

    @Test func batchNormRunningStatistics() {
        let bn = BatchNorm<Double>.oneD(1, momentum: 0.5)
        _ = bn(Variable(Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])))
        // batch mean 2.5, unbiased variance 5/3: r = 0.5·init + 0.5·batch.
        #expect(Self.close(bn.runningMean.scalars, [1.25]))
        #expect(Self.close(bn.runningVariance.scalars, [0.5 + 0.5 * 5.0 / 3.0]))
    }
}
