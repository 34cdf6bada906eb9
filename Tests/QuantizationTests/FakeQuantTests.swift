import Testing
@testable import Quantization

@Suite struct FakeQuantTests {
    let p = try! QuantizationParameters(scheme: .int8PerTensor, shape: [4], scales: [0.1], zeroPoints: [0])

    @Test func steAndClippedSTE() {
        let x = Variable(Tensor<Float>([0.04, 0.26, 20, -13]), requiresGrad: true)
        let y = fakeQuantize(x, p, estimator: .ste)
        #expect(y.value.isApproximatelyEqual(to: Tensor([0, 0.3, 12.7, -12.7]), atol: 1e-6))
        #expect(gradients(of: y.sum(), wrt: [x])[0] == Tensor([1, 1, 1, 1]))
        let clipped = fakeQuantize(x, p, estimator: .clippedSTE)
        #expect(clipped.value == y.value)
        #expect(gradients(of: clipped.sum(), wrt: [x])[0] == Tensor([1, 1, 0, 0]))   // 20 and −13 lie outside ±12.7
    }

    @Test func lsqGradientsByHand() {
        // s = 0.5, Q_N = Q_P = 7, g = 0.25. v/s = [0.6, −1.3, 9, −10]
        let v = Variable(Tensor<Float>([0.3, -0.65, 4.5, -5]), requiresGrad: true)
        let s = Variable(Tensor<Float>([0.5]), requiresGrad: true)
        let y = lsqFakeQuantize(v, scale: s, qmin: -7, qmax: 7, gradScale: 0.25)
        #expect(y.value.isApproximatelyEqual(to: Tensor([0.5, -0.5, 3.5, -3.5]), atol: 1e-6))
        let g = gradients(of: y.sum(), wrt: [v, s])
        #expect(g[0] == Tensor([1, 1, 0, 0]))
        // ∂/∂s: inside round(v/s) − v/s = 1 − 0.6 = 0.4 and −1 + 1.3 = 0.3; clipped: +7 and −7; sum 0.7, times g
        #expect(abs(g[1].scalars[0] - 0.25 * 0.7) < 1e-5)
    }

    @Test func lsqPerChannelScaleShape() {
        var rng = RandomGenerator(seed: 1)
        let w = Variable(Tensor<Float>.normal([3, 4], rng: &rng), requiresGrad: true)
        let s = Variable(lsqInitialScale(w.value, qmax: 7, perChannel: true), requiresGrad: true)
        #expect(s.shape == [3, 1])
        let y = lsqFakeQuantize(w, scale: s, qmin: -7, qmax: 7, gradScale: 1)
        #expect(gradients(of: (y * y).sum(), wrt: [s])[0].shape == [3, 1])
    }

    @Test func qatPrepareTrainAndConvert() throws {
        var rng = RandomGenerator(seed: 2)
        let model = Sequential<Float>(Flatten(), Linear(8, 16, rng: &rng), Activation(.relu), Linear(16, 3, rng: &rng))
        let x = Tensor<Float>.normal([96, 8], rng: &rng)
        let labels = (0..<96).map { i in x.scalars[i * 8] > 0.3 ? 0 : (x.scalars[i * 8 + 1] > 0 ? 1 : 2) }
        let qat = try QuantizationAwareTraining(model, weightScheme: try .weights(bits: 4), quantizer: .lsq)
        #expect(qat.model.parameters.count == 6)   // 2 weights, 2 biases, 2 LSQ scales
        let q = try qat.fineTune(features: x, labels: labels, epochs: 3, learningRate: 1e-2, batchSize: 16)
        // 4-bit codes in the integer layers, both GEMM paths equal, and the integer model tracks the fake-quant one
        for core in q.cores { #expect(core.weightCodes.allSatisfy { $0 >= -7 && $0 <= 7 }) }
        #expect(q.run(x, backend: .oneDNN).codes == q.run(x, backend: .reference).codes)
        qat.model.isTraining = false
        let simulated = qat.model(x).argmax(axis: 1), integer = q.predict(x).argmax(axis: 1)
        #expect(zip(simulated, integer).filter { $0 == $1 }.count >= 90)
    }
}
