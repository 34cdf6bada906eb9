import Testing
import Tensor
@testable import Quantization

/// The vectorised requantisation (`RequantizeLanes`, `IntegerMatmulCore.requantize`) and the input
/// quantisation against plain scalar definitions.
@Suite struct VectorKernelTests {
    /// Accumulators that exercise every branch of the fixed-point arithmetic: zero, ±1, exact
    /// ties of the rounding shift, extremes and values that saturate the left shift.
    static func edgeAccumulators(_ shift: Int32) -> [Int32] {
        var values: [Int32] = [0, 1, -1, 2, -2, 3, -3, Int32.max, Int32.min, Int32.max - 1, Int32.min + 1, 1 << 30, -(1 << 30)]
        let right = Swift.max(-shift, 0)
        if right > 0 && right < 31 {
            for k: Int32 in [1, 2, 3, 5, 1000] {
                let tie = (2 * k + 1) << (right - 1)             // x.5 in units of 2^right
                values += [tie, -tie, tie + 1, -tie - 1, tie - 1, -tie + 1]
            }
        }
        return values
    }

    /// Every instruction-set variant of the C requantisation kernel.
    @Test(arguments: [0.0, 1e-9, 0.000123, 0.0071, 0.25, 0.4999999, 0.5, 0.75, 0.999999, 1.0, 1.5, 3.7, 100.25, 2.5e5],
          KernelISA.runnable)
    func lanesEqualScalarApply(real: Double, isa: KernelISA) {
        KernelISA.with(isa) { lanesEqualScalarApply(real: real) }
    }

    func lanesEqualScalarApply(real: Double) {
        let m = FixedPointMultiplier(real)
        var rng = RandomGenerator(seed: UInt64(real * 1e6) &+ 7)
        var values = VectorKernelTests.edgeAccumulators(m.shift)
        values += (0..<200).map { _ in Int32(truncatingIfNeeded: rng.next()) }
        values += (0..<200).map { _ in Int32(Int(rng.next(upperBound: UInt64(2_000_001))) - 1_000_000) }
        for (zero, lo, hi): (Int32, Int32, Int32) in [(0, 0, 255), (-3, -128, 127), (77, 77, 255), (200, 0, 255), (-128, -128, 127)] {
            let lanes = RequantizeLanes(m, zero: zero, lo: lo, hi: hi)
            var out = [UInt8](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { a in out.withUnsafeMutableBufferPointer { lanes.run(a.baseAddress!, count: values.count, into: $0.baseAddress!) } }
            for (i, v) in values.enumerated() {
                let expected = Swift.min(Swift.max(Int64(m.apply(v)) + Int64(zero), Int64(lo)), Int64(hi))
                let got = lo < 0 ? Int64(Int8(bitPattern: out[i])) : Int64(out[i])
                #expect(got == expected, "M=\(real) (\(m.multiplier), \(m.shift)) x=\(v) z=\(zero) [\(lo), \(hi)]")
            }
        }
    }

    /// Different multipliers per lane (shifts of both signs in one vector) and every tail length.
    @Test(arguments: KernelISA.runnable)
    func perLaneMultipliersAndTails(isa: KernelISA) {
        KernelISA.with(isa) { perLaneMultipliersAndTails() }
    }

    func perLaneMultipliersAndTails() {
        var rng = RandomGenerator(seed: 31)
        let reals = (0..<16).map { i in [0.003, 0.7, 1.9, 12.5, 0.5, 0.0][i % 6] * (1 + Double(i) / 17) }
        let multipliers = reals.map { FixedPointMultiplier($0) }
        let lanes = RequantizeLanes(multipliers[0..<16], zero: 5, lo: 0, hi: 255)
        for count in 1...16 {
            let x = (0..<count).map { _ in Int32(Int(rng.next(upperBound: UInt64(200_001))) - 100_000) }
            var out = [UInt8](repeating: 0xEE, count: 17)
            x.withUnsafeBufferPointer { a in out.withUnsafeMutableBufferPointer { lanes.tail(a.baseAddress!, count: count, into: $0.baseAddress!) } }
            for l in 0..<count {
                #expect(Int32(out[l]) == Swift.min(Swift.max(multipliers[l].apply(x[l]) + 5, 0), 255), "lane \(l) of \(count)")
            }
            #expect(out[count] == 0xEE, "tail wrote past \(count)")
        }
    }

    /// The float → code input quantisation equals round-half-away-from-zero + clamp, ties included.
    @Test(arguments: [(0.1 as Float, 0 as Int32, false), (0.02, 73, false), (0.5, 0, true), (1, -5, true), (0.0039, 255, false)])
    func inputQuantizationEqualsScalar(scale: Float, zero: Int32, signed: Bool) throws {
        for isa in KernelISA.runnable {
            try KernelISA.with(isa) { try inputQuantizationEqualsScalar(scale: scale, zero: zero, signed: signed, isa: isa) }
        }
    }

    func inputQuantizationEqualsScalar(scale: Float, zero: Int32, signed: Bool, isa: KernelISA) throws {
        let p = try ActivationQuantization(scale: scale, zeroPoint: zero, signed: signed)
        var rng = RandomGenerator(seed: 41)
        var values: [Float] = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999997, -0.49999997, 1e30, -1e30, .infinity, -.infinity]
        values = values.map { $0 * scale }
        values += (0..<301).map { _ in Float(Int(rng.next(upperBound: UInt64(1_000_001))) - 500_000) / 1000 * scale }
        values += (-600...600).map { Float($0) / 2 * scale }             // exact halves of a step
        let q = QuantizedActivation(quantizing: Tensor(shape: [values.count], scalars: values), p)
        for (i, v) in values.enumerated() {
            let t = Double(v * (1 / scale)).rounded(.toNearestOrAwayFromZero)
            let expected = Int32(Swift.min(Swift.max(t + Double(zero), Double(p.qmin)), Double(p.qmax)))
            #expect(q.value(at: i) == expected, "\(isa.name) x=\(v) scale=\(scale) z=\(zero)")
        }
    }

    /// `IntegerMatmulCore.requantize` of a Linear (plane 1): whole 16-channel groups and a tail.
    @Test(arguments: [5, 16, 37])
    func linearRequantizeEqualsScalar(n: Int) throws {
        var rng = RandomGenerator(seed: UInt64(n))
        let w = Tensor<Float>.normal([n, 9], std: 2, rng: &rng)
        let wp = try QuantizationParameters.fitted(to: w, scheme: .int8PerChannel)
        let core = try IntegerMatmulCore(weight: w, bias: nil, weightParameters: wp,
                                         input: try ActivationQuantization(scale: 0.5, zeroPoint: 3, signed: false),
                                         output: try ActivationQuantization(scale: 0.01, zeroPoint: 100, signed: false), relu: true)
        #expect(core.multipliers.contains { $0.shift > 0 })            // left shifts are exercised too
        let rows = 11
        let acc = (0..<(rows * n)).map { i in Int32(Int(rng.next(upperBound: UInt64(i % 3 == 0 ? 400_001 : 201))) - (i % 3 == 0 ? 200_000 : 100)) }
        var out = [UInt8](repeating: 0, count: rows * n)
        acc.withUnsafeBufferPointer { a in out.withUnsafeMutableBufferPointer { core.requantize(a.baseAddress!, rows: rows, plane: 1, into: $0.baseAddress!) } }
        for i in 0..<(rows * n) {
            let expected = Swift.min(Swift.max(core.multipliers[i % n].apply(acc[i]) + 100, core.lowerBound), 255)
            #expect(Int32(out[i]) == expected, "row \(i / n) channel \(i % n)")
        }
    }
}
