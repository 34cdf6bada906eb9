import Testing
@testable import Tensor

/// Every primitive's gradient rule against central differences (Double, relative error < 1e-6).
@Suite struct AutodiffTests {
    static func random(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: low, high: high, rng: &rng)
    }

    static func check(_ inputs: [Tensor<Double>], _ f: @escaping ([Variable<Double>]) -> Variable<Double>,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let result = gradcheck(inputs, f)
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func handComputedGradient() {
        let w = Variable(Tensor<Double>([1, 2, 3]), requiresGrad: true)
        let loss = (w * w * 3.0).sum()          // d/dw 3w² = 6w
        loss.backward()
        #expect(w.grad?.scalars == [6, 12, 18])
        // Reuse of a node accumulates both paths: d/dx (x·x + x) = 2x + 1.
        let x = Variable(Tensor<Double>(2), requiresGrad: true)
        (x * x + x).backward()
        #expect(x.grad?.scalar == 5)
    }

    @Test func constantsRecordNothing() {
        let a = Variable(Tensor<Double>([1, 2])), b = Variable(Tensor<Double>([3, 4]))
        let c = a * b
        #expect(!c.requiresGrad && c.isLeaf)
    }

    @Test(arguments: [UnaryOp<Double>.negate, .exp, .tanh, .sigmoid, .relu, .gelu, .silu, .sin, .cos, .square,
                      .power(3), .addScalar(0.5), .multiplyScalar(-2), .clamp(-0.5, 0.5), .abs])
    func unaryRules(op: UnaryOp<Double>) {
        Self.check([Self.random([3, 4], seed: 1)]) { $0[0].map(op) }
    }

    @Test(arguments: [UnaryOp<Double>.log, .sqrt, .reciprocal, .power(-0.5)])
    func positiveDomainRules(op: UnaryOp<Double>) {
        Self.check([Self.random([5], seed: 2, low: 0.5, high: 2)]) { $0[0].map(op) }
    }

    @Test(arguments: [BinaryOp.add, .subtract, .multiply, .divide, .maximum, .minimum])
    func binaryRulesWithBroadcasting(op: BinaryOp) {
        let a = Self.random([2, 3, 4], seed: 3), b = Self.random([3, 1], seed: 4, low: 0.5, high: 1.5)
        Self.check([a, b]) { $0[0].zip($0[1], op) }
        Self.check([b, a]) { $0[0].zip($0[1], op) }
    }

    @Test func powerWithTensorExponent() {
        Self.check([Self.random([4], seed: 5, low: 0.5, high: 2), Self.random([4], seed: 6)]) { $0[0].zip($0[1], .power) }
    }

    @Test func reductions() {
        let x = Self.random([2, 3, 4], seed: 7)
        Self.check([x]) { $0[0].sum(axes: [1]) }
        Self.check([x]) { $0[0].sum(axes: [0, 2], keepDims: true) }
        Self.check([x]) { $0[0].mean() }
        Self.check([x]) { $0[0].max(axes: [2]) }
        Self.check([x]) { $0[0].logSumExp(axis: 1) }
        Self.check([x]) { $0[0].logSoftmax(axis: -1) }
        Self.check([x]) { $0[0].softmax(axis: 0) }
    }

    @Test func movement() {
        let x = Self.random([2, 3, 4], seed: 8)
        Self.check([x]) { $0[0].reshaped([4, 6]) }
        Self.check([x]) { $0[0].permuted([2, 0, 1]) }
        Self.check([x]) { $0[0].transposed() }
        Self.check([x]) { $0[0].sliced([1..<2, 0..<2]) }
        Self.check([x]) { $0[0].padded([(1, 0), (0, 2), (1, 1)]) }
        Self.check([Self.random([3, 1], seed: 9)]) { $0[0].broadcast(to: [2, 3, 4]) }
        Self.check([x, Self.random([2, 1, 4], seed: 10)]) { Variable.concatenated([$0[0], $0[1]], axis: 1) }
        Self.check([x, Self.random([2, 3, 4], seed: 11)]) { Variable.stacked([$0[0], $0[1]], axis: 0) }
        Self.check([Self.random([5, 3], seed: 12)]) { $0[0].gatherRows([4, 0, 4, 2]) }
    }

    @Test func matmulAllTransposes() {
        for (tA, tB) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = Self.random(tA ? [4, 3] : [3, 4], seed: 13), b = Self.random(tB ? [5, 4] : [4, 5], seed: 14)
            Self.check([a, b]) { $0[0].matmul($0[1], transposeSelf: tA, transposeOther: tB) }
        }
        Self.check([Self.random([2, 3, 4], seed: 15), Self.random([4, 5], seed: 16)]) { $0[0].matmul($0[1]) }
        Self.check([Self.random([2, 3, 4], seed: 17), Self.random([2, 4, 5], seed: 18)]) { $0[0].matmul($0[1]) }
    }

    @Test func convolutionAndPooling() {
        let x = Self.random([2, 4, 7, 6], seed: 19)
        let configs = [Conv2DConfig(stride: (1, 1), padding: (0, 0), dilation: (1, 1), groups: 1),
                       Conv2DConfig(stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2),
                       Conv2DConfig(stride: (1, 1), padding: (1, 1), dilation: (1, 1), groups: 4)]
        for config in configs {
            let w = Self.random([4, 4 / config.groups, 3, 2], seed: 20), b = Self.random([4], seed: 21)
            Self.check([x, w, b]) { conv2d($0[0], $0[1], bias: $0[2], config) }
            Self.check([x, w]) { conv2d($0[0], $0[1], bias: nil, config) }
        }
        let pool = Pool2DConfig(kernel: (2, 3), stride: (2, 2), padding: (1, 1))
        Self.check([x]) { maxPool2d($0[0], pool) }
        Self.check([x]) { avgPool2d($0[0], pool) }
    }

    @Test func deepCompositeChain() {
        // A small MLP-shaped expression: gradients flow through matmul, broadcasting, activations and a loss.
        let x = Self.random([5, 3], seed: 22), w = Self.random([4, 3], seed: 23), b = Self.random([4], seed: 24)
        Self.check([x, w, b]) { v in
            let h = (v[0].matmul(v[1], transposeOther: true) + v[2]).tanh()
            return h.logSoftmax(axis: 1).sum(axes: [1]).squared().mean()
        }
    }

    /// A graph hundreds of thousands of operations deep (a recurrent network over a long
    /// sequence) is released without recursing once per node.
    @Test func deepGraphsAreReleasedIteratively() {
        var y = Variable(Tensor<Float>(shape: [1], scalars: [0]), requiresGrad: true)
        for _ in 0..<300_000 { y = y + 1 }
        #expect(y.value.scalars == [300_000])
        y = Variable(Tensor<Float>(shape: [1], scalars: [0]))
        #expect(y.isLeaf)
    }
}
