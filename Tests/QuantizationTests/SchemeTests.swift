import Testing
@testable import Quantization

@Suite struct SchemeTests {
    @Test func ranges() throws {
        #expect(QuantizationScheme.int8PerChannel.qmin == -127 && QuantizationScheme.int8PerChannel.qmax == 127)
        #expect(QuantizationScheme.uint8Affine.qmin == 0 && QuantizationScheme.uint8Affine.qmax == 255)
        let s4 = try QuantizationScheme(bits: 4, signed: true, symmetric: false)
        #expect(s4.qmin == -8 && s4.qmax == 7)
        let w2 = try QuantizationScheme.weights(bits: 2)
        #expect(w2.qmin == -1 && w2.qmax == 1)
        #expect(throws: QuantizationError.self) { try QuantizationScheme(bits: 9, signed: true, symmetric: true) }
        #expect(throws: QuantizationError.self) { try QuantizationScheme(bits: 4, signed: true, symmetric: true, granularity: .perGroup(size: 0)) }
    }

    @Test func affineParametersByHand() throws {
        // range [-1, 3] → s = 4/255, z = round(1/s) = round(63.75) = 64
        let p = try QuantizationParameters(scheme: .uint8Affine, shape: [4], minimums: [-1], maximums: [3])
        #expect(abs(p.scales[0] - 4 / 255) < 1e-9)
        #expect(p.zeroPoints[0] == 64)
        let codes = p.quantize(Tensor<Float>([-1, 0, 3, 10]))
        #expect(codes == [0, 64, 255, 255])       // round(-63.75)+64 = 0; 10 clamps to 255
        #expect(p.dequantize([64, 0, 0, 0])[0] == 0)   // zero is exact
    }

    @Test func symmetricPerChannelClampsTo127() throws {
        let w = Tensor<Float>(shape: [2, 3], scalars: [1, -2, 0.5, 0.1, 0.2, -0.4])
        let p = try QuantizationParameters.fitted(to: w, scheme: .int8PerChannel)
        #expect(p.scales == [2 / 127, 0.4 / 127])
        #expect(p.quantize(w) == [64, -127, 32, 32, 64, -127])   // 63.5 → 64 (ties away from zero)
        let big = Tensor<Float>(shape: [2, 3], scalars: [5, -9, 0, 0, 0, 0])
        let q = p.quantize(big)
        #expect(q[0] == 127 && q[1] == -127)
    }

    @Test func perGroupIndexing() throws {
        let scheme = try QuantizationScheme.weights(bits: 4, granularity: .perGroup(size: 2))
        let w = Tensor<Float>(shape: [2, 3], scalars: [7, 1, 14, 0, 0, 0.7])
        let p = try QuantizationParameters.fitted(to: w, scheme: scheme)
        // groups per row = 2: {7,1} {14} {0,0} {0.7}; scale = amax/7
        #expect(p.scales.count == 4)
        #expect(abs(p.scales[0] - 1) < 1e-6 && abs(p.scales[1] - 2) < 1e-6 && abs(p.scales[3] - 0.1) < 1e-6)
        #expect(p.quantize(w) == [7, 1, 7, 0, 0, 7])
    }

    @Test func fixedPointMultiplierMatchesTFLite() throws {
        let m = FixedPointMultiplier(0.75)
        #expect(m.multiplier == 1_610_612_736 && m.shift == 0)      // 0.75·2^31
        let small = FixedPointMultiplier(0.0015)
        #expect(abs(small.realValue - 0.0015) < 1e-12)
        #expect(small.shift == -9)                                   // 0.0015 = 0.768·2^-9
        // round(x·M) against Double arithmetic: TFLite rounds twice (high-mul, then shift), so within 1, not ½
        var rng = RandomGenerator(seed: 7)
        for _ in 0..<2000 {
            let real = Double(rng.nextUnit()) * 0.9 + 1e-4
            let f = FixedPointMultiplier(real)
            let x = Int32(Int(rng.next(upperBound: UInt64(2_000_001))) - 1_000_000)
            let exact = Double(x) * f.realValue
            #expect(abs(Double(f.apply(x)) - exact) < 1)
        }
        #expect(FixedPointMultiplier.roundingDivideByPOT(5, 1) == 3)     // 2.5 → 3
        #expect(FixedPointMultiplier.roundingDivideByPOT(-5, 1) == -3)   // -2.5 → -3
        #expect(FixedPointMultiplier.saturatingRoundingDoublingHighMul(Int32.min, Int32.min) == Int32.max)
    }
}

extension SchemeTests {
    /// The activation quantiser's fast rounding equals `QuantizationParameters.quantize` (Float.rounded), ties included.
    @Test func activationQuantizerMatchesParameters() throws {
        let p = try QuantizationParameters(scheme: .uint8Affine, shape: [10], scales: [0.5], zeroPoints: [3])
        let x = Tensor<Float>([-2.75, -1.25, -0.25, 0.25, 0.75, 1.25, 0.2499999, 200, -200, 0])
        let a = QuantizedActivation(quantizing: x, try ActivationQuantization(p))
        #expect(a.codes.map { Int32($0) } == p.quantize(x))
        #expect(a.codes.map { Int32($0) } == [0, 0, 2, 4, 5, 6, 3, 255, 0, 3])
    }
}
