import Testing
@testable import NeuralNetworks

/// Every layer's gradients (inputs and parameters) against central differences in Double.
@Suite struct LayerGradientTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: -1, high: 1, rng: &rng)
    }

    /// Gradcheck of a layer with respect to its input and every parameter at once.
    static func checkLayer(_ layer: any Layer<Double>, input: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = gradcheck([input], parameters: layer.parameters) { layer($0[0]) }
        #expect(result.passed, "\(type(of: layer)): \(result)", sourceLocation: sourceLocation)
    }

    @Test func linear() {
        var rng = RandomGenerator(seed: 1)
        Self.checkLayer(Linear<Double>(4, 3, rng: &rng), input: Self.random([5, 4], seed: 2))
    }

    @Test func conv2DAndPools() {
        var rng = RandomGenerator(seed: 3)
        Self.checkLayer(Conv2D<Double>(2, 3, kernelSize: 3, padding: 1, rng: &rng), input: Self.random([2, 2, 5, 5], seed: 4))
        Self.checkLayer(MaxPool2D<Double>(kernelSize: 2), input: Self.random([2, 2, 4, 6], seed: 5))
        Self.checkLayer(AvgPool2D<Double>(kernelSize: 2, stride: 1), input: Self.random([2, 2, 4, 6], seed: 6))
    }

    @Test func activationsAndFlatten() {
        for kind in Activation<Double>.Kind.allCases {
            Self.checkLayer(Activation<Double>(kind), input: Self.random([3, 4], seed: 7))
        }
        Self.checkLayer(Flatten<Double>(), input: Self.random([2, 3, 2], seed: 8))
    }

    @Test func batchNormTrainingAndEval() {
        Self.checkLayer(BatchNorm<Double>.oneD(3), input: Self.random([6, 3], seed: 9))
        let bn2 = BatchNorm<Double>.twoD(2)
        Self.checkLayer(bn2, input: Self.random([3, 2, 2, 3], seed: 10))
        bn2.isTraining = false
        Self.checkLayer(bn2, input: Self.random([3, 2, 2, 3], seed: 11))
        // planes of 35 values: the 16-lane sums and their tails
        Self.checkLayer(BatchNorm<Double>.twoD(3), input: Self.random([2, 3, 5, 7], seed: 12))
    }

    /// The fused training op against the formula written with tensor operations: outputs,
    /// γ and β gradients, running statistics (Float, planes of 35).
    @Test func batchNormMatchesItsFormula() {
        var rng = RandomGenerator(seed: 13)
        let x = Tensor<Float>.uniform([4, 3, 5, 7], low: -2, high: 3, rng: &rng)
        let bn = BatchNorm<Float>.twoD(3)
        bn.gamma.value = Tensor(shape: [3], scalars: [0.5, -1.5, 2])
        bn.beta.value = Tensor(shape: [3], scalars: [0.1, 0.2, -0.3])
        let y = bn(Variable(x))
        let v = Variable(x)
        let mean = v.mean(axes: [0, 2, 3], keepDims: true)
        let variance = (v - mean).squared().mean(axes: [0, 2, 3], keepDims: true)
        let want = (v - mean) * (variance + 1e-5).pow(-0.5) * bn.gamma.reshaped([1, 3, 1, 1]) + bn.beta.reshaped([1, 3, 1, 1])
        #expect(zip(y.value.scalars, want.value.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        let weights = Tensor<Float>.uniform([4, 3, 5, 7], low: -1, high: 1, rng: &rng)
        (y * Variable(weights)).sum().backward()
        let gammaGrad = bn.gamma.grad!.scalars, betaGrad = bn.beta.grad!.scalars
        bn.gamma.grad = nil
        bn.beta.grad = nil
        (want * Variable(weights)).sum().backward()
        #expect(zip(gammaGrad, bn.gamma.grad!.scalars).allSatisfy { abs($0 - $1) < 1e-3 })
        #expect(zip(betaGrad, bn.beta.grad!.scalars).allSatisfy { abs($0 - $1) < 1e-3 })
        let n: Float = 140
        let unbiased = variance.value.scalars.map { $0 * n / (n - 1) }
        #expect(zip(bn.runningMean.scalars, mean.value.scalars).allSatisfy { abs($0 - 0.1 * $1) < 1e-5 })
        #expect(zip(bn.runningVariance.scalars, unbiased).allSatisfy { abs($0 - (0.9 + 0.1 * $1)) < 1e-5 })
    }

    @Test func dropoutAndEmbedding() {
        let dropout = Dropout<Double>(0.3, seed: 12)
        // The same mask must be drawn for every evaluation inside gradcheck: reseed per call.
        let input = Self.random([4, 5], seed: 13)
        let result = gradcheck([input]) { v in dropout.calls = 0; return dropout(v[0]) }
        #expect(result.passed, "\(result)")
        var rng = RandomGenerator(seed: 15)
        let embedding = Embedding<Double>(6, 3, rng: &rng)
        let ids = Variable(Tensor<Double>(shape: [2, 2], scalars: [1, 5, 1, 0]))
        let r = gradcheck([], parameters: embedding.parameters) { _ in embedding(ids) }
        #expect(r.passed, "\(r)")
    }

    @Test func losses() {
        let logits = Self.random([4, 3], seed: 16)
        #expect(gradcheck([logits]) { softmaxCrossEntropy($0[0], labels: [0, 2, 1, 2]) }.passed)
        #expect(gradcheck([logits]) { softmaxCrossEntropy($0[0], labels: [0, 2, 1, 2], labelSmoothing: 0.1) }.passed)
        #expect(gradcheck([logits]) { meanSquaredError($0[0], Self.random([4, 3], seed: 17)) }.passed)
        let targets = Tensor<Double>(shape: [4, 3], scalars: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0])
        #expect(gradcheck([logits]) { binaryCrossEntropyWithLogits($0[0], targets) }.passed)
    }

    @Test func lossValuesByHand() {
        // log-softmax of [0, 0] is [−log 2, −log 2]: CE = log 2.
        let ce = softmaxCrossEntropy(Variable(Tensor<Double>(rows: [[0, 0]])), labels: [1]).value.scalar
        #expect(abs(ce - 0.6931471805599453) < 1e-12)
        // BCE with logit 0 and target 1 is log 2; MSE of [1, 3] vs [0, 0] is 5.
        #expect(abs(binaryCrossEntropyWithLogits(Variable(Tensor<Double>([0])), Tensor([1])).value.scalar - 0.6931471805599453) < 1e-12)
        #expect(meanSquaredError(Variable(Tensor<Double>([1, 3])), Tensor([0, 0])).value.scalar == 5)
    }
}

