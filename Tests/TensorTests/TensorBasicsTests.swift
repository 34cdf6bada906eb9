import Testing
@testable import Tensor

@Suite struct TensorBasicsTests {
    @Test func broadcastAdd() {
        let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        let b = Tensor<Double>([10, 20, 30])
        #expect((a + b).scalars == [11, 22, 33, 14, 25, 36])
        let c = Tensor<Double>(shape: [2, 1], scalars: [100, 200])
        #expect((a + c).scalars == [101, 102, 103, 204, 205, 206])
    }

    @Test func reductions() {
        let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(a.sum().scalar == 21)
        #expect(a.sum(axes: [0]).scalars == [5, 7, 9])
        #expect(a.sum(axes: [1], keepDims: true).shape == [2, 1])
        #expect(a.max(axes: [1]).scalars == [3, 6])
        #expect(a.argmax(axis: 0) == [1, 1, 1])
        #expect(abs(a.logSumExp(axis: 1).scalars[0] - 3.40760596444438) < 1e-12)
        #expect(Tensor<Double>(shape: [2, 3, 1], scalars: [1, 2, 3, 4, 5, 6]).summed(toShape: [3, 1]).scalars == [5, 7, 9])
    }

    @Test func rngIsDeterministic() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42)
        #expect(a.next() == b.next())
        var c = a.split()
        #expect(c.next() != a.next())
        #expect(Set(a.permutation(10)) == Set(0..<10))
    }

    /// ReLU keeps NaN (a diverging model must not look healthy downstream), zeroes negatives.
    @Test func reluPropagatesNaN() {
        let y = Tensor<Float>(shape: [4], scalars: [.nan, -1, 2, 0]).relu().scalars
        #expect(y[0].isNaN && y[1] == 0 && y[2] == 2 && y[3] == 0)
    }
}
