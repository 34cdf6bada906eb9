import Testing
@testable import Quantization

@Suite struct DynamicQuantizedLinearTests {
    /// Against the fp64 product: int8 error only (relative Frobenius error ≈ 1%), and against
    /// the documented formula evaluated in scalar code (same codes, fp32 rounding only).
    @Test(arguments: [(1, 5, 3), (7, 33, 17), (64, 784, 120), (256, 784, 256)])
    func matchesFloatReference(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var rng = RandomGenerator(seed: UInt64(m + 10 * k + 1000 * n))
        let w = Tensor<Float>.normal([k, n], std: 1 / Float(k).squareRoot(), rng: &rng)
        let bias = Tensor<Float>.normal([n], std: 0.5, rng: &rng)
        let x = Tensor<Float>.uniform([m, k], low: -1.5, high: 2.5, rng: &rng)
        let layer = DynamicQuantizedLinear(weight: w, bias: bias)
        for threads in [1, 2] {
            var y = Tensor<Float>.zeros([m, n])
            y.withUnsafeMutableBufferPointer { yp in
                x.withUnsafeBufferPointer { layer.apply($0.baseAddress!, rows: m, into: yp.baseAddress!, threads: threads) }
            }
            let (xs, ws, ys) = (x.scalars, w.scalars, y.scalars)
            var errorSquared = 0.0, normSquared = 0.0, formulaGap: Float = 0
            // the formula, scalar
            var lo: Float = 0, hi: Float = 0
            for v in xs { lo = min(lo, v); hi = max(hi, v) }
            let s = (hi - lo) / 255, z = (-lo / s).rounded(.toNearestOrEven)
            let q = xs.map { min(max(($0 * (1 / s)).rounded(.toNearestOrEven) + z, 0), 255) }
            for i in 0..<m {
                for j in 0..<n {
                    var exact = Double(bias.scalars[j]), acc: Int32 = 0
                    for p in 0..<k {
                        exact += Double(xs[i * k + p]) * Double(ws[p * n + j])
                        let qw = Int32((ws[p * n + j] / layer.weightScales[j]).rounded(.toNearestOrEven))
                        acc += (Int32(q[i * k + p]) - Int32(z)) * qw
                    }
                    let formula = Float(acc) * (s * layer.weightScales[j]) + bias.scalars[j]
                    errorSquared += (Double(ys[i * n + j]) - exact) * (Double(ys[i * n + j]) - exact)
                    normSquared += exact * exact
                    formulaGap = max(formulaGap, abs(ys[i * n + j] - formula) / max(1, abs(formula)))
                }
            }
            #expect((errorSquared / normSquared).squareRoot() < 0.03, "M=\(m) K=\(k) N=\(n) threads=\(threads)")
            #expect(formulaGap < 1e-5, "M=\(m) K=\(k) N=\(n) threads=\(threads)")
            #expect(layer(x).scalars == ys)
        }
    }

    @Test func quantizeRoundsHalfToEvenAndClamps() {
        let x: [Float] = [-3, -0.5, 0.5, 1.5, 2.5, 300, 1e9] + [Float](repeating: 0.25, count: 16)
        var q = [UInt8](repeating: 0, count: x.count)
        DynamicQuantizedLinear.quantize(x, into: &q, count: x.count, inverseScale: 1, zeroPoint: 2)
        #expect(Array(q.prefix(7)) == [0, 2, 2, 4, 4, 255, 255])
        #expect(q.dropFirst(7).allSatisfy { $0 == 2 })
    }
}
