import Testing
@testable import Quantization

@Suite struct ObserverTests {
    @Test func minMaxAndEMA() {
        var mm = MinMaxObserver(), ema = MovingAverageMinMaxObserver(averagingConstant: 0.5)
        for batch in [Tensor<Float>([-1, 2]), Tensor<Float>([0, 6])] { mm.observe(batch); ema.observe(batch) }
        #expect(mm.range(for: .uint8Affine) == (-1, 6))
        #expect(ema.range(for: .uint8Affine) == (-0.5, 4))      // −1 + 0.5·(0 + 1), 2 + 0.5·(6 − 2)
    }

    @Test func histogramGrowsExactly() {
        var h = HistogramObserver(method: .percentile(100), binsPerSide: 16)
        h.observe(Tensor<Float>([0.5, -0.5]))          // R = 0.5
        h.observe(Tensor<Float>([1.7]))                // R doubles twice to 2
        #expect(h.radius == 2)
        #expect(h.counts.reduce(0, +) == 3)
        #expect(h.range(for: .uint8Affine) == (-0.5, 1.7))
    }

    @Test func percentileClipsOutliers() {
        var h = HistogramObserver(method: .percentile(99))
        var rng = RandomGenerator(seed: 1)
        var x = Tensor<Float>.uniform([10_000], low: 0, high: 1, rng: &rng)
        x.withUnsafeMutableBufferPointer { $0[0] = 100 }      // one outlier
        h.observe(x)
        let r = h.range(for: .uint8Affine)
        #expect(r.max > 0.95 && r.max < 1.1, "max \(r.max)")
        #expect(r.min >= 0 && r.min < 0.05, "min \(r.min)")
    }

    @Test func mseObserverBeatsMinMaxOnHeavyTails() throws {
        let kind = ObserverKind.mse
        var rng = RandomGenerator(seed: 2)
        // Laplace-like data with a few large values: a min–max grid wastes its levels
        let base = Tensor<Float>.normal([20_000], rng: &rng)
        let x = Tensor(shape: base.shape, scalars: base.scalars.map { $0 * $0 * $0 })
        var observer = kind.make(), minmax = MinMaxObserver()
        observer.observe(x); minmax.observe(x)
        let scheme = try QuantizationScheme.activations(bits: 4, signed: true)
        func mse(_ p: QuantizationParameters) -> Float {
            let y = p.fakeQuantize(x)
            return zip(x.scalars, y.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Float(x.count)
        }
        let clipped = try observer.parameters(for: scheme, shape: x.shape), plain = try minmax.parameters(for: scheme, shape: x.shape)
        #expect(mse(clipped) < mse(plain))
    }
}

extension ObserverTests {
    /// KL calibration clips a heavy tail: its range lies strictly inside the min–max range
    /// yet keeps the bulk of the data (|x| ≤ 1 holds ~80 % of the cubes of normals).
    @Test func entropyClipsTails() throws {
        var rng = RandomGenerator(seed: 3)
        let base = Tensor<Float>.normal([20_000], rng: &rng)
        let x = Tensor(shape: base.shape, scalars: base.scalars.map { $0 * $0 * $0 })
        var observer = ObserverKind.entropy.make(), minmax = MinMaxObserver()
        observer.observe(x); minmax.observe(x)
        let r = observer.range(for: .uint8Affine), full = minmax.range(for: .uint8Affine)
        #expect(r.max < full.max && r.min > full.min)
        #expect(r.max > 1 && r.min < -1, "range \(r)")
    }
}
