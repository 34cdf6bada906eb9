import Testing
@testable import Tensor

@Suite struct LinalgTests {
    /// Plain triple loop over 2-D matrices with optional transposes.
    static func naive(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, ta: Bool, tb: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            c[i * n + j] += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j])
        } } }
        return c
    }

    @Test func handComputed() {
        let a = Tensor<Double>(rows: [[1, 2], [3, 4]]), b = Tensor<Double>(rows: [[5, 6], [7, 8]])
        #expect(a.matmul(b).scalars == [19, 22, 43, 50])
        #expect(a.matmul(b, transposeSelf: true).scalars == [26, 30, 38, 44])
        #expect(a.matmul(b, transposeOther: true).scalars == [17, 23, 39, 53])
        let f = Tensor<Float>(rows: [[1, 2, 3]]).matmul(Tensor<Float>(rows: [[1], [1], [1]]))
        #expect(f.shape == [1, 1] && f.scalars == [6])
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func twoDimensional(ta: Bool, tb: Bool) {
        let (m, n, k) = (7, 5, 9)
        let a = OpsFixture.random(ta ? [k, m] : [m, k], seed: 10), b = OpsFixture.random(tb ? [n, k] : [k, n], seed: 11)
        let c = a.matmul(b, transposeSelf: ta, transposeOther: tb)
        #expect(c.shape == [m, n])
        let ref = Tensor(shape: [m, n], scalars: Self.naive(a.scalars, b.scalars, m: m, n: n, k: k, ta: ta, tb: tb))
        #expect(c.isApproximatelyEqual(to: ref, atol: 1e-12))
    }

    /// Batched products against per-item 2-D products, with every broadcasting pattern.
    @Test(arguments: [
        ([2, 3], [3, 4], false, false), ([2, 3, 4], [4, 5], false, false), ([2, 4, 3], [5, 4], true, true),
        ([4, 5], [3, 5, 2], false, false), ([2, 1, 3, 4], [3, 4, 2], false, false), ([2, 3, 4, 3], [2, 3, 4, 5], true, false),
        ([3, 4, 6], [3, 2, 6], false, true), ([1, 3, 4], [2, 4, 5], false, false),
    ])
    func batchedBroadcast(sa: [Int], sb: [Int], ta: Bool, tb: Bool) {
        let a = OpsFixture.random(sa, seed: 12), b = OpsFixture.random(sb, seed: 13)
        let c = a.matmul(b, transposeSelf: ta, transposeOther: tb)
        let (m, k) = ta ? (sa[sa.count - 1], sa[sa.count - 2]) : (sa[sa.count - 2], sa[sa.count - 1])
        let n = tb ? sb[sb.count - 2] : sb[sb.count - 1]
        let batchShape = Array(c.shape.dropLast(2))
        #expect(c.shape.suffix(2) == [m, n])
        let aB = Array(repeating: 1, count: batchShape.count - (sa.count - 2)) + sa.dropLast(2)
        let bB = Array(repeating: 1, count: batchShape.count - (sb.count - 2)) + sb.dropLast(2)
        for item in 0..<Tensor<Double>.count(of: batchShape) {
            let idx = OpsFixture.index(item, batchShape)
            let ai = OpsFixture.flat(zip(idx, aB).map { $1 == 1 ? 0 : $0 }, aB)
            let bi = OpsFixture.flat(zip(idx, bB).map { $1 == 1 ? 0 : $0 }, bB)
            let am = Array(a.scalars[(ai * m * k)..<((ai + 1) * m * k)])
            let bm = Array(b.scalars[(bi * k * n)..<((bi + 1) * k * n)])
            let ref = Self.naive(am, bm, m: m, n: n, k: k, ta: ta, tb: tb)
            let got = Array(c.scalars[(item * m * n)..<((item + 1) * m * n)])
            #expect(zip(ref, got).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }

    @Test func emptyInnerAxisGivesZeros() {
        let c = Tensor<Double>.zeros([3, 0]).matmul(Tensor<Double>.zeros([0, 2]))
        #expect(c.shape == [3, 2] && c.scalars == [0, 0, 0, 0, 0, 0])
    }
}
