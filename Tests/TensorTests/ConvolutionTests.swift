import Foundation
import Testing
import QuantaTestSupport
@testable import Tensor

@Suite struct ConvolutionTests {
    /// Direct nested-loop convolution in Double: the reference for every case.
    static func naive(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>?, _ c: Conv2DConfig) -> Tensor<Double> {
        let (n, ch, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let og = o / c.groups
        let oh = (h + 2 * c.padding.0 - c.dilation.0 * (kh - 1) - 1) / c.stride.0 + 1
        let ow = (wd + 2 * c.padding.1 - c.dilation.1 * (kw - 1) - 1) / c.stride.1 + 1
        var out = Tensor<Double>.zeros([n, o, oh, ow])
        _ = ch
        for s in 0..<n { for oc in 0..<o { for y in 0..<oh { for xx in 0..<ow {
            var sum = b?.scalars[oc] ?? 0
            for ci in 0..<cg { for i in 0..<kh { for j in 0..<kw {
                let iy = y * c.stride.0 - c.padding.0 + i * c.dilation.0
                let ix = xx * c.stride.1 - c.padding.1 + j * c.dilation.1
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    sum += x[s, (oc / og) * cg + ci, iy, ix] * w[oc, ci, i, j]
                }
            } } }
            out[s, oc, y, xx] = sum
        } } } }
        return out
    }

    /// (input shape, output channels, kernel, config): odd sizes, stride, padding, dilation, groups, depthwise.
    static let cases: [([Int], Int, (Int, Int), Conv2DConfig)] = [
        ([2, 1, 7, 7], 3, (3, 3), Conv2DConfig()),
        ([3, 3, 9, 8], 4, (3, 2), Conv2DConfig(stride: (2, 1), padding: (1, 2), dilation: (1, 2))),
        ([2, 4, 7, 6], 6, (3, 3), Conv2DConfig(stride: (1, 2), padding: (2, 1), groups: 2)),
        ([2, 4, 6, 5], 4, (3, 3), Conv2DConfig(padding: (1, 1), groups: 4)),
        ([1, 2, 5, 5], 3, (1, 1), Conv2DConfig(stride: (2, 2))),
        ([2, 2, 4, 4], 2, (4, 4), Conv2DConfig(stride: (3, 3), padding: (3, 2), dilation: (2, 1))),
    ]

    static func operands(_ index: Int) -> (Tensor<Double>, Tensor<Double>, Tensor<Double>, Conv2DConfig) {
        let (shape, o, k, config) = cases[index]
        let x = OpsFixture.random(shape, seed: UInt64(20 + index))
        let w = OpsFixture.random([o, shape[1] / config.groups, k.0, k.1], seed: UInt64(40 + index))
        let b = OpsFixture.random([o], seed: UInt64(60 + index))
        return (x, w, b, config)
    }

    @Test func handComputed() {
        let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        #expect(Tensor.conv2d(x, w, bias: Tensor([10]), Conv2DConfig()).scalars == [6, 6, 6, 6])
        let padded = Tensor.conv2d(x, Tensor(shape: [1, 1, 1, 1], scalars: [2]), bias: nil, Conv2DConfig(stride: (2, 2), padding: (1, 1)))
        #expect(padded.shape == [1, 1, 3, 3] && padded.scalars == [0, 0, 0, 0, 10, 0, 0, 0, 0])
    }

    @Test(arguments: 0..<cases.count)
    func forwardMatchesNaive(index: Int) {
        let (x, w, b, config) = Self.operands(index)
        let ref = Self.naive(x, w, b, config)
        #expect(Tensor.conv2d(x, w, bias: b, config).isApproximatelyEqual(to: ref, atol: 1e-12))
        #expect(Tensor.conv2d(x, w, bias: nil, config).isApproximatelyEqual(to: Self.naive(x, w, nil, config), atol: 1e-12))
        // Small chunks and two workers must give the same result.
        let split = ParallelChunks.Options(threads: 2, threshold: 0, chunkElements: 1)
        #expect(Tensor.conv2d(x, w, bias: b, config, split).isApproximatelyEqual(to: ref, atol: 1e-12))
        let xf = Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
        let wf = Tensor<Float>(shape: w.shape, scalars: w.scalars.map(Float.init))
        let yf = Tensor.conv2d(xf, wf, bias: Tensor<Float>(b.scalars.map(Float.init)), config)
        #expect(zip(yf.scalars, ref.scalars).allSatisfy { abs(Double($0) - $1) < 1e-5 })
    }

    /// Central differences of L = Σ conv(x, w, b) · R against conv2dBackward with gradOutput = R.
    @Test(arguments: 0..<cases.count)
    func backwardMatchesFiniteDifferences(index: Int) {
        let (x, w, b, config) = Self.operands(index)
        let r = OpsFixture.random(Tensor.conv2d(x, w, bias: b, config).shape, seed: 99)
        func loss(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>) -> Double {
            zip(Tensor.conv2d(x, w, bias: b, config).scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        }
        func numeric(_ t: Tensor<Double>, _ l: (Tensor<Double>) -> Double) -> [Double] {
            let eps = 1e-4
            return (0..<t.count).map { i in
                var up = t, down = t
                up.scalars[i] += eps; down.scalars[i] -= eps
                return (l(up) - l(down)) / (2 * eps)
            }
        }
        func close(_ a: [Double], _ b: [Double]) -> Bool { Approximate.isClose(a, b, atol: 1e-6, rtol: 1e-6) }
        let split = ParallelChunks.Options(threads: 2, threshold: 0, chunkElements: 1)
        for options in [ParallelChunks.Options(), split] {
            let g = Tensor.conv2dBackward(x, w, gradOutput: r, config, needInputGrad: true, options)
            #expect(close(g.input!.scalars, numeric(x) { loss($0, w, b) }))
            #expect(close(g.weight.scalars, numeric(w) { loss(x, $0, b) }))
            #expect(close(g.bias.scalars, numeric(b) { loss(x, w, $0) }))
            let noInput = Tensor.conv2dBackward(x, w, gradOutput: r, config, needInputGrad: false, options)
            #expect(noInput.input == nil && noInput.weight.isApproximatelyEqual(to: g.weight, atol: 1e-12))
        }
    }

    @Test func emptyBatch() {
        let x = Tensor<Double>.zeros([0, 2, 5, 5]), w = OpsFixture.random([3, 2, 3, 3], seed: 7)
        let y = Tensor.conv2d(x, w, bias: nil, Conv2DConfig())
        #expect(y.shape == [0, 3, 3, 3])
        let g = Tensor.conv2dBackward(x, w, gradOutput: y, Conv2DConfig(), needInputGrad: true)
        #expect(g.input?.shape == [0, 2, 5, 5] && g.weight == .zeros([3, 2, 3, 3]) && g.bias == .zeros([3]))
    }

    @Test func configCodableAndEquatable() throws {
        let c = Conv2DConfig(stride: (2, 1), padding: (1, 0), dilation: (1, 3), groups: 2)
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(Conv2DConfig.self, from: data) == c)
        #expect(c != Conv2DConfig())
    }
}
