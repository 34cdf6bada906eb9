import Foundation
import Testing
import QuantaTestSupport
@testable import Tensor

@Suite struct PoolingTests {
    /// Plain pooling over the padded window: max ignores padding; average divides by KH·KW.
    static func naive(_ x: Tensor<Double>, _ c: Pool2DConfig, max: Bool) -> Tensor<Double> {
        let (n, ch, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = (h + 2 * c.padding.0 - c.kernel.0) / c.stride.0 + 1, ow = (w + 2 * c.padding.1 - c.kernel.1) / c.stride.1 + 1
        var out = Tensor<Double>.zeros([n, ch, oh, ow])
        for s in 0..<n { for k in 0..<ch { for y in 0..<oh { for xx in 0..<ow {
            var best = -Double.infinity, sum = 0.0
            for i in 0..<c.kernel.0 { for j in 0..<c.kernel.1 {
                let iy = y * c.stride.0 - c.padding.0 + i, ix = xx * c.stride.1 - c.padding.1 + j
                if iy >= 0 && iy < h && ix >= 0 && ix < w { best = Swift.max(best, x[s, k, iy, ix]); sum += x[s, k, iy, ix] }
            } }
            out[s, k, y, xx] = max ? best : sum / Double(c.kernel.0 * c.kernel.1)
        } } } }
        return out
    }

    static let cases: [([Int], Pool2DConfig)] = [
        ([2, 3, 8, 8], Pool2DConfig(kernel: (2, 2))),
        ([2, 2, 7, 9], Pool2DConfig(kernel: (3, 2), stride: (2, 3), padding: (1, 1))),
        ([1, 3, 5, 5], Pool2DConfig(kernel: (3, 3), stride: (1, 1), padding: (1, 1))),
        ([3, 1, 6, 7], Pool2DConfig(kernel: (2, 3), stride: (2, 2), padding: (1, 1))),
    ]

    @Test func handComputed() {
        let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
        let (y, arg) = Tensor.maxPool2d(x, Pool2DConfig(kernel: (2, 2)))
        #expect(y.scalars == [5, 8] && arg == [1, 6])
        #expect(Tensor.avgPool2d(x, Pool2DConfig(kernel: (2, 2))).scalars == [3.25, 4.25])
        let back = Tensor.maxPool2dBackward(gradOutput: Tensor(shape: [1, 1, 1, 2], scalars: [10, 20]), argmax: arg, inputShape: [1, 1, 2, 4])
        #expect(back.scalars == [0, 10, 0, 0, 0, 0, 20, 0])
        let padded = Tensor.avgPool2d(x, Pool2DConfig(kernel: (2, 2), stride: (2, 2), padding: (1, 1)))
        #expect(padded.shape == [1, 1, 2, 3] && padded.scalars == [0.25, 1.75, 0, 0.75, 3, 1.75])
    }

    @Test(arguments: 0..<cases.count)
    func forwardMatchesNaive(index: Int) {
        let (shape, config) = Self.cases[index]
        let x = OpsFixture.random(shape, seed: UInt64(70 + index))
        let (y, arg) = Tensor.maxPool2d(x, config)
        #expect(y == Self.naive(x, config, max: true))
        #expect(zip(arg, y.scalars).allSatisfy { x.scalars[Int($0)] == $1 })
        #expect(Tensor.avgPool2d(x, config).isApproximatelyEqual(to: Self.naive(x, config, max: false), atol: 1e-12))
        let xf = Tensor<Float>(shape: shape, scalars: x.scalars.map(Float.init))
        #expect(Tensor.maxPool2d(xf, config).argmax == arg)
    }

    /// Central differences of L = Σ pool(x) · R (inputs distinct, so max is differentiable).
    @Test(arguments: 0..<cases.count)
    func backwardMatchesFiniteDifferences(index: Int) {
        let (shape, config) = Self.cases[index]
        let x = OpsFixture.random(shape, seed: UInt64(80 + index))
        let (y, arg) = Tensor.maxPool2d(x, config)
        let r = OpsFixture.random(y.shape, seed: 98)
        func numeric(_ l: (Tensor<Double>) -> Double) -> [Double] {
            let eps = 1e-6
            return (0..<x.count).map { i in
                var up = x, down = x
                up.scalars[i] += eps; down.scalars[i] -= eps
                return (l(up) - l(down)) / (2 * eps)
            }
        }
        func dot(_ t: Tensor<Double>) -> Double { zip(t.scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
        func close(_ a: [Double], _ b: [Double]) -> Bool { Approximate.isClose(a, b, atol: 1e-6, rtol: 1e-6) }
        let maxGrad = Tensor.maxPool2dBackward(gradOutput: r, argmax: arg, inputShape: shape)
        #expect(close(maxGrad.scalars, numeric { dot(Tensor.maxPool2d($0, config).output) }))
        let avgGrad = Tensor.avgPool2dBackward(gradOutput: r, inputShape: shape, config)
        #expect(close(avgGrad.scalars, numeric { dot(Tensor.avgPool2d($0, config)) }))
    }

    /// NaN propagates and its index is recorded, as in PyTorch (fast 2×2 path and general path).
    @Test func maxPoolPropagatesNaN() {
        let x = Tensor<Float>(shape: [1, 1, 2, 4], scalars: [1, .nan, 2, 0, 3, 4, 8, 7])
        let (y, arg) = Tensor.maxPool2d(x, Pool2DConfig(kernel: (2, 2)))
        #expect(y.scalars[0].isNaN && arg[0] == 1 && y.scalars[1] == 8 && arg[1] == 6)
        let (z, argz) = Tensor.maxPool2d(x, Pool2DConfig(kernel: (2, 3), stride: (1, 1)))
        #expect(z.scalars[0].isNaN && z.scalars[1].isNaN && argz == [1, 1])
    }

    @Test func configCodable() throws {
        let c = Pool2DConfig(kernel: (3, 2), stride: (1, 2), padding: (1, 0))
        #expect(try JSONDecoder().decode(Pool2DConfig.self, from: JSONEncoder().encode(c)) == c)
        #expect(Pool2DConfig(kernel: (2, 2)).stride == (2, 2))
    }
}
