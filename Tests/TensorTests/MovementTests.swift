import Testing
@testable import Tensor

/// Test helpers shared by the movement, linear-algebra, convolution and pooling tests.
enum OpsFixture {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return Tensor<Double>.uniform(shape, low: -1, high: 1, rng: &rng)
    }

    /// Multi-index of flat position `i` in a row-major `shape`.
    static func index(_ i: Int, _ shape: [Int]) -> [Int] {
        var rest = i
        var result = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            result[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return result
    }

    static func flat(_ index: [Int], _ shape: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }
}

@Suite struct MovementTests {
    @Test func transposeSmall() {
        let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(a.transposed().shape == [3, 2])
        #expect(a.transposed().scalars == [1, 4, 2, 5, 3, 6])
    }

    @Test(arguments: [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1], [1, 2, 0]])
    func permuteMatchesNaive(axes: [Int]) {
        let shape = [3, 37, 45]
        let x = OpsFixture.random(shape, seed: 1)
        let y = x.permuted(axes)
        #expect(y.shape == axes.map { shape[$0] })
        for i in 0..<y.count {
            let out = OpsFixture.index(i, y.shape)
            var src = [Int](repeating: 0, count: 3)
            for k in 0..<3 { src[axes[k]] = out[k] }
            #expect(y.scalars[i] == x.scalars[OpsFixture.flat(src, shape)])
        }
        #expect(y.permuted(axes.indices.map { axes.firstIndex(of: $0)! }) == x)
    }

    @Test func permuteRank4AndTranspose() {
        let x = OpsFixture.random([2, 3, 4, 5], seed: 2)
        let y = x.permuted([3, 1, 0, 2])
        #expect(y.shape == [5, 3, 2, 4])
        #expect(y[4, 2, 1, 3] == x[1, 2, 3, 4])
        let t = x.transposed()
        #expect(t.shape == [2, 3, 5, 4])
        #expect(t[1, 2, 4, 3] == x[1, 2, 3, 4])
        let big = OpsFixture.random([70, 33], seed: 3)
        #expect(big.transposed().transposed() == big)
        #expect(big.transposed()[32, 69] == big[69, 32])
    }

    @Test func sliceAndPadAreAdjoint() {
        let x = OpsFixture.random([4, 5, 6], seed: 4)
        let s = x.sliced([1..<3, 2..<5])
        #expect(s.shape == [2, 3, 6])
        #expect(s[1, 2, 5] == x[2, 4, 5])
        #expect(x.sliced(axis: -1, 1..<2).shape == [4, 5, 1])
        #expect(x.sliced(axis: 2, 1..<2)[3, 4, 0] == x[3, 4, 1])
        let p = s.padded([(1, 1), (2, 0), (0, 0)], value: 7)
        #expect(p.shape == [4, 5, 6])
        #expect(p[0, 0, 0] == 7 && p[3, 1, 2] == 7)
        #expect(p.sliced([1..<3, 2..<5]) == s)
        let small = Tensor<Double>([1, 2]).padded([(before: 1, after: 2)])
        #expect(small.scalars == [0, 1, 2, 0, 0])
    }

    @Test func concatenateStackSplit() {
        let a = Tensor<Double>(rows: [[1, 2], [3, 4]]), b = Tensor<Double>(rows: [[5], [6]])
        let c = Tensor.concatenated([a, b], axis: 1)
        #expect(c.shape == [2, 3] && c.scalars == [1, 2, 5, 3, 4, 6])
        #expect(Tensor.concatenated([a, a], axis: 0).scalars == [1, 2, 3, 4, 1, 2, 3, 4])
        let parts = c.split(sizes: [2, 1], axis: 1)
        #expect(parts[0] == a && parts[1] == b)
        let s = Tensor.stacked([a, a * 10], axis: 2)
        #expect(s.shape == [2, 2, 2] && s.scalars == [1, 10, 2, 20, 3, 30, 4, 40])
        #expect(Tensor.stacked([a, a], axis: 0).shape == [2, 2, 2])
        let x = OpsFixture.random([3, 7, 2], seed: 5)
        #expect(Tensor.concatenated(x.split(sizes: [3, 0, 4], axis: 1), axis: 1) == x)
    }

    @Test func broadcastMaterialises() {
        let a = Tensor<Double>(shape: [2, 1], scalars: [1, 2])
        let b = a.broadcast(to: [3, 2, 3])
        #expect(b.shape == [3, 2, 3])
        #expect(b.scalars == Array(repeating: [1, 1, 1, 2, 2, 2], count: 3).flatMap { $0 })
        let x = OpsFixture.random([4, 1, 5], seed: 6)
        #expect(x.broadcast(to: [4, 3, 5]) == x + Tensor<Double>.zeros([4, 3, 5]))
    }

    @Test func gatherAndScatterRows() {
        let table = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
        let g = table.gatherRows([2, 0, 2])
        #expect(g.shape == [3, 2] && g.scalars == [5, 6, 1, 2, 5, 6])
        let grad = Tensor<Double>(rows: [[1, 1], [2, 2], [3, 3]])
        let back = Tensor.scatterAddRows(grad, indices: [2, 0, 2], rowCount: 3)
        #expect(back.scalars == [2, 2, 0, 0, 4, 4])
        let f = Tensor<Float>(shape: [4, 2, 3], scalars: (0..<24).map(Float.init)).gatherRows([3, 1])
        #expect(f.shape == [2, 2, 3] && f.scalars[0] == 18 && f.scalars[6] == 6)
    }
}
