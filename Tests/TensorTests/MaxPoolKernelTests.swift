import Testing
import Tensor

/// The C 2×2 max-pooling loop (Float) against the generic Swift loop (Double, the same rule),
/// with ties and NaNs, in every instruction-set variant.
@Suite struct MaxPoolKernelTests {
    @Test(arguments: KernelISA.runnable)
    func floatLoopEqualsGenericLoop(isa: KernelISA) {
        var rng = RandomGenerator(seed: 9)
        // small integers make ties common; a few NaNs and infinities
        let count = 3 * 4 * 9 * 11
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let level = Int(rng.next() % 5) - 2
            values[i] = Float(level)
        }
        for i in stride(from: 7, to: count, by: 41) { values[i] = Float.nan }
        for i in stride(from: 13, to: count, by: 53) { values[i] = Float.infinity }
        for i in stride(from: 17, to: count, by: 61) { values[i] = -Float.infinity }
        let x = Tensor<Float>(shape: [3, 4, 9, 11], scalars: values)
        let xd = Tensor<Double>(converting: x)
        let config = Pool2DConfig(kernel: (2, 2))
        let (out, argmax) = KernelISA.with(isa) { Tensor.maxPool2d(x, config) }
        let (want, wantArgmax) = Tensor.maxPool2d(xd, config)
        #expect(out.shape == want.shape)
        #expect(argmax == wantArgmax, "\(isa.name)")
        for (a, b) in zip(out.scalars, want.scalars) {
            #expect((a.isNaN && b.isNaN) || Double(a) == b, "\(isa.name): \(a) vs \(b)")
        }
    }
}
