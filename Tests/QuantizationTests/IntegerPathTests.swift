import Testing
@testable import Quantization

@Suite struct IntegerPathTests {
    /// Random codes over the full 8-bit ranges, odd sizes, both orientations and signednesses.
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 33, 65), (64, 784, 120), (130, 257, 31)])
    func oneDNNEqualsReference(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var rng = RandomGenerator(seed: UInt64(m * 1000 + k))
        let a = (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let b = (0..<(k * n)).map { _ in Int8(Int(rng.next(upperBound: UInt64(255))) - 127) }
        let offsets = (0..<n).map { _ in Int32(Int(rng.next(upperBound: UInt64(200_001))) - 100_000) }
        for signed in [false, true] {
            for transposed in [false, true] {
                var fast = [Int32](repeating: 0, count: m * n), slow = fast
                IntegerGEMM.multiply(.oneDNN, aSigned: signed, transposeA: transposed, a: a, b: b, offsets: offsets, c: &fast, m: m, n: n, k: k)
                IntegerGEMM.multiply(.reference, aSigned: signed, transposeA: transposed, a: a, b: b, offsets: offsets, c: &slow, m: m, n: n, k: k)
                #expect(fast == slow, "M=\(m) K=\(k) N=\(n) signed=\(signed) transposed=\(transposed)")
            }
        }
        // one hand-checked element: row 0 · column 0 + offset
        var c = [Int32](repeating: 0, count: m * n)
        IntegerGEMM.multiply(.reference, aSigned: false, a: a, b: b, offsets: offsets, c: &c, m: m, n: n, k: k)
        var expected = offsets[0]
        for p in 0..<k { expected += Int32(a[p]) * Int32(b[p * n]) }
        #expect(c[0] == expected)
    }

    @Test func integerLinearMatchesFloatWithinOneStep() throws {
        var rng = RandomGenerator(seed: 3)
        let w = Tensor<Float>.normal([8, 16], std: 0.3, rng: &rng)
        let b = Tensor<Float>.normal([8], std: 0.1, rng: &rng)
        let x = Tensor<Float>.uniform([5, 16], low: -1, high: 2, rng: &rng)
        let input = try ActivationQuantization(scale: 3 / 255, zeroPoint: 85, signed: false)
        let yFloat = x.matmul(w, transposeOther: true) + b
        let (lo, hi) = extrema(yFloat)
        let output = try ActivationQuantization(try QuantizationParameters(scheme: .uint8Affine, shape: [], minimums: [lo], maximums: [hi]))
        let wp = try QuantizationParameters.fitted(to: w, scheme: .int8PerChannel)
        let layer = QuantizedLinear(core: try IntegerMatmulCore(weight: w, bias: b, weightParameters: wp, input: input, output: output, relu: false))
        let qx = QuantizedActivation(quantizing: x, input)
        let fast = layer(qx, backend: .oneDNN), slow = layer(qx, backend: .reference)
        #expect(fast.codes == slow.codes)
        // the integer result equals the float computation on the fake-quantised inputs, to within one output step
        let simulated = qx.dequantized().matmul(wp.fakeQuantize(w), transposeOther: true) + b
        let diff = zip(fast.dequantized().scalars, simulated.scalars).map { abs($0 - $1) }.max()!
        #expect(diff <= output.scale * 1.01)
    }

    @Test func integerConvAndPoolMatchFloat() throws {
        var rng = RandomGenerator(seed: 4)
        let conv = Conv2D<Float>(2, 3, kernelSize: 3, stride: 1, padding: 1, rng: &rng)
        let model = Sequential<Float>(conv, Activation(.relu), MaxPool2D(kernelSize: 2), Flatten(), Linear(3 * 3 * 3, 4, rng: &rng))
        let x = Tensor<Float>.uniform([4, 2, 6, 6], rng: &rng)
        let ptq = PostTrainingQuantization()
        let q = try ptq.quantize(model, calibration: [x])
        let fast = q.run(x, backend: .oneDNN), slow = q.run(x, backend: .reference)
        #expect(fast.codes == slow.codes)
        let reference = model(x)
        let diff = zip(q.predict(x).scalars, reference.scalars).map { abs($0 - $1) }.max()!
        let range = reference.scalars.map(abs).max()!
        #expect(diff < 0.05 * range, "max diff \(diff) vs output range \(range)")
    }

    @Test func batchNormFolding() throws {
        var rng = RandomGenerator(seed: 5)
        let bn = BatchNorm<Float>.twoD(3)
        let model = Sequential<Float>(Conv2D(2, 3, kernelSize: 3, rng: &rng), bn, Activation(.relu))
        // give the BatchNorm non-trivial statistics
        for _ in 0..<3 { _ = model(Variable(Tensor<Float>.normal([8, 2, 5, 5], mean: 1, std: 2, rng: &rng))) }
        bn.gamma.value = Tensor([0.5, 2, -1]); bn.beta.value = Tensor([0.1, -0.2, 0.3])
        model.isTraining = false
        let x = Tensor<Float>.normal([2, 2, 5, 5], rng: &rng)
        let folded = try foldBatchNorm(model)
        #expect(folded.layers.count == 2)
        #expect(folded(x).isApproximatelyEqual(to: model(x), atol: 1e-5, rtol: 1e-4))
        let graph = try QuantizableGraph(model)
        #expect(graph.affines.count == 1 && graph.affines[0].relu)
        #expect(graph.forward(x).isApproximatelyEqual(to: model(x), atol: 1e-5, rtol: 1e-4))
    }

    @Test func unsupportedLayerThrows() {
        let model = Sequential<Float>(Flatten(), Activation(.tanh))
        #expect(throws: QuantizationError.self) { try QuantizableGraph(model) }
    }
}

@Suite struct RequantizeTests {
    /// The SIMD requantisation equals `FixedPointMultiplier.apply` + zero point + clamp element by element.
    @Test func simdRequantizeEqualsScalar() throws {
        var rng = RandomGenerator(seed: 21)
        let (n, k, plane, images) = (5, 7, 19, 3)
        let w = Tensor<Float>.normal([n, k], std: 2, rng: &rng)
        let wp = try QuantizationParameters.fitted(to: w, scheme: .int8PerChannel)
        for relu in [false, true] {
            let core = try IntegerMatmulCore(weight: w, bias: nil, weightParameters: wp,
                                             input: try ActivationQuantization(scale: 0.02, zeroPoint: 10, signed: false),
                                             output: try ActivationQuantization(scale: 0.05, zeroPoint: -3, signed: true), relu: relu)
            let rows = plane * images
            let acc = (0..<(rows * n)).map { _ in Int32(Int(rng.next(upperBound: UInt64(400_001))) - 200_000) }
            var out = [UInt8](repeating: 0, count: rows * n)
            acc.withUnsafeBufferPointer { a in out.withUnsafeMutableBufferPointer { core.requantize(a.baseAddress!, rows: rows, plane: plane, into: $0.baseAddress!) } }
            for r in 0..<rows {
                for j in 0..<n {
                    let expected = min(max(core.multipliers[j].apply(acc[r * n + j]) + core.output.zeroPoint, core.lowerBound), core.output.qmax)
                    let got = Int32(Int8(bitPattern: out[((r / plane) * n + j) * plane + r % plane]))
                    #expect(got == expected)
                }
            }
        }
    }
}

extension RequantizeTests {
    /// Pooling int32 accumulators before requantisation gives the codes of pooling after it.
    @Test func fusedConvPoolEqualsSeparate() throws {
        var rng = RandomGenerator(seed: 22)
        let model = Sequential<Float>(Conv2D(2, 5, kernelSize: 3, rng: &rng), Activation(.relu), MaxPool2D(kernelSize: 2))
        let x = Tensor<Float>.normal([3, 2, 11, 11], rng: &rng)
        let q = try PostTrainingQuantization().quantize(model, calibration: [x])
        guard case .conv2d(_, let conv) = q.operations[0], case .maxPool2d(let pool) = q.operations[1] else {
            Issue.record("unexpected operations"); return
        }
        let input = QuantizedActivation(quantizing: x, q.input)
        for backend in IntegerBackend.allCases {
            let separate = maxPoolCodes(conv(input, backend: backend), pool)
            let fused = conv(input, backend: backend, thenPool: pool)
            #expect(fused.shape == [3, 5, 4, 4] && fused.codes == separate.codes)
        }
    }
}
