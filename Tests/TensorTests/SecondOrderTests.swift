import Testing
@testable import Tensor

/// Gradient graphs and Hessian-vector products: the adjoint primitives against central
/// differences, gradient graphs against the first-order sweep, H·v against finite
/// differences of gradients on functions that use every primitive.
@Suite struct SecondOrderTests {
    static func random(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: low, high: high, rng: &rng)
    }

    /// Relative error between H·v from the gradient graph and (∇L(θ+εv) − ∇L(θ−εv)) / 2ε.
    static func hessianError(_ values: [Tensor<Double>], seed: UInt64 = 7,
                             _ f: ([Variable<Double>]) -> Variable<Double>) throws -> Double {
        let vector = values.enumerated().map { random($0.element.shape, seed: seed + UInt64($0.offset)) }
        let parameters = values.map { Variable($0, requiresGrad: true) }
        let exact = try hessianVectorProduct(of: f(parameters), wrt: parameters, vector: vector)
        let eps = 1e-5
        func gradientAt(_ sign: Double) -> [Tensor<Double>] {
            let moved = Swift.zip(values, vector).map { Variable($0 + $1 * (sign * eps), requiresGrad: true) }
            return gradients(of: f(moved), wrt: moved)
        }
        let (up, down) = (gradientAt(1), gradientAt(-1))
        var difference = 0.0, norm = 0.0
        for k in values.indices {
            let numeric = (up[k] - down[k]) * (1 / (2 * eps))
            difference += (exact[k] - numeric).squared().sum().scalar
            norm += exact[k].squared().sum().scalar + numeric.squared().sum().scalar
        }
        return difference.squareRoot() / Swift.max(norm.squareRoot(), 1e-30)
    }

    @Test func handComputedHessian() throws {
        // L = x0²·x1: H = [[2·x1, 2·x0], [2·x0, 0]]; at (3, 5), H·(1, 2) = (10 + 12, 6) = (22, 6).
        let x = Variable(Tensor<Double>([3, 5]), requiresGrad: true)
        let x0 = x.sliced([0..<1]), x1 = x.sliced([1..<2])
        let loss = (x0.squared() * x1).sum()
        let hv = try hessianVectorProduct(of: loss, wrt: [x], vector: [Tensor([1, 2])])
        #expect(hv[0].scalars == [22, 6])
    }

    @Test func adjointPrimitivesPassGradcheck() {
        let config = Conv2DConfig(stride: (2, 1), padding: (1, 0), groups: 2)
        let w = Self.random([4, 1, 3, 2], seed: 2)
        let checks: [GradcheckResult] = [
            gradcheck([Self.random([2, 4, 3, 5], seed: 1), w]) {
                conv2dInputGradient($0[0], weight: $0[1], inputShape: [2, 2, 5, 6], config)
            },
            gradcheck([Self.random([2, 2, 5, 6], seed: 3), Self.random([2, 4, 3, 5], seed: 4)]) {
                conv2dWeightGradient($0[0], gradOutput: $0[1], weightShape: [4, 1, 3, 2], config)
            },
            gradcheck([Self.random([2, 3, 3, 2], seed: 5)]) {
                avgPool2dTranspose($0[0], inputShape: [2, 3, 5, 4], Pool2DConfig(kernel: (3, 2), stride: (2, 2), padding: (1, 0)))
            },
            gradcheck([Self.random([3, 4], seed: 6)]) { $0[0].gathered(at: [0, 5, 5, 11, 2, 7], shape: [2, 3]) },
            gradcheck([Self.random([2, 3], seed: 7)]) { $0[0].scatteredAdding(at: [0, 5, 5, 11, 2, 7], shape: [3, 4]) },
            gradcheck([Self.random([3, 2], seed: 8)]) { $0[0].scatteredAddingRows([2, 0, 2], rowCount: 4) },
            gradcheck([Self.random([3, 4], seed: 9, low: -3, high: 3)]) { $0[0].map(.geluDerivative) },
            gradcheck([Self.random([3, 4], seed: 10, low: -3, high: 3)]) { $0[0].map(.siluDerivative) },
        ]
        for result in checks { #expect(result.passed, "\(result)") }
    }

    @Test func transposedConvolutionMatchesTheBackwardPass() {
        let config = Conv2DConfig(stride: (2, 2), padding: (1, 1), groups: 3)
        let x = Self.random([5, 6, 9, 8], seed: 11), w = Self.random([9, 2, 3, 3], seed: 12)
        let gy = Self.random(Tensor.conv2d(x, w, bias: nil, config).shape, seed: 13)
        let reference = Tensor.conv2dBackward(x, w, gradOutput: gy, config, needInputGrad: true)
        let input = Tensor.conv2dInputGradient(gy, weight: w, inputShape: x.shape, config)
        let weight = Tensor.conv2dWeightGradient(x, gradOutput: gy, weightShape: w.shape, config)
        #expect((input - reference.input!).abs().max().scalar < 1e-12)
        #expect((weight - reference.weight).abs().max().scalar < 1e-12)
    }

    @Test func gradientGraphEqualsTheFirstOrderSweep() throws {
        let a = Variable(Self.random([3, 4], seed: 14), requiresGrad: true)
        let b = Variable(Self.random([4, 2], seed: 15), requiresGrad: true)
        let loss = (a.matmul(b).tanh() * a.sum(axes: [1], keepDims: true)).logSumExp(axis: 1).sum()
        let graph = try gradientGraph(of: loss, wrt: [a, b])
        let plain = gradients(of: loss, wrt: [a, b])
        #expect(graph.allSatisfy { $0.requiresGrad })
        for (g, p) in Swift.zip(graph, plain) { #expect((g.value - p).abs().max().scalar < 1e-14) }
    }

    @Test func elementwiseHessians() throws {
        let error = try Self.hessianError([Self.random([3, 4], seed: 16), Self.random([3, 4], seed: 17, low: 0.5, high: 1.5)]) { p in
            let (a, b) = (p[0], p[1])
            let smooth = a.tanh() * b + (a / b).sigmoid() + b.log() * a.exp() + b.sqrt() * a.gelu() + a.silu().squared()
            let more = a.sin() * b.cos() + b.reciprocal() * a.pow(3) + b.zip(a, .power) + a.maximum(b * 0.3) - a.abs() * b
            return (smooth + more + a.clamped(-0.5, 0.5) * b.squared()).sum()
        }
        #expect(error < 1e-7)
    }

    @Test func reductionAndMovementHessians() throws {
        let error = try Self.hessianError([Self.random([3, 4], seed: 18), Self.random([4, 3], seed: 19), Self.random([5, 4], seed: 20)]) { p in
            let (a, b, table) = (p[0], p[1], p[2])
            let product = a.matmul(b).matmul(a, transposeSelf: false, transposeOther: false)
            let other = b.matmul(a, transposeSelf: true, transposeOther: true).permuted([1, 0])
            let rows = table.gatherRows([4, 0, 4])
            let joined = Variable.concatenated([product, other.tanh(), rows], axis: 1)
            let cut = joined.sliced([0..<3, 1..<10]).padded([(1, 0), (0, 2)])
            let spread = cut.sum(axes: [0], keepDims: true).broadcast(to: cut.shape) * cut
            let peaks = spread.max(axes: [1]).squared().sum()
            return softmaxLoss(spread) + peaks * 0.1 + spread.logSumExp(axis: 0).sum()
        }
        #expect(error < 1e-7)
    }

    @Test func convolutionNetworkHessian() throws {
        let conv1 = Conv2DConfig(stride: (2, 1), padding: (1, 1), groups: 1)
        let conv2 = Conv2DConfig(stride: (1, 1), padding: (1, 1), groups: 2)
        let images = Variable(Self.random([3, 2, 9, 8], seed: 21))
        let values = [Self.random([4, 2, 3, 3], seed: 22), Self.random([4], seed: 23),
                      Self.random([4, 2, 3, 3], seed: 24), Self.random([8, 3], seed: 25)]
        let error = try Self.hessianError(values) { p in
            let h1 = conv2d(images, p[0], bias: p[1], conv1).tanh()
            let pooled = maxPool2d(h1, Pool2DConfig(kernel: (2, 2), stride: (2, 2), padding: (0, 0)))
            let h2 = conv2d(pooled, p[2], bias: nil, conv2).relu() + pooled.silu()
            let averaged = avgPool2d(h2, Pool2DConfig(kernel: (2, 2), stride: (1, 1), padding: (0, 0)))
            let features = averaged.mean(axes: [2, 3]).reshaped([3, 4])
            let logits = Variable.concatenated([features, features.squared()], axis: 1).matmul(p[3])
            return softmaxLoss(logits)
        }
        #expect(error < 1e-6)
    }

    @Test func customOperationsAreRefused() {
        let x = Variable(Tensor<Double>([1, 2]), requiresGrad: true)
        let cube = Variable.custom("cube", inputs: [x], value: x.value * x.value * x.value) { g, _ in [g * x.value * x.value * 3] }
        #expect(throws: AutodiffError.notTwiceDifferentiable(operation: "cube")) {
            try hessianVectorProduct(of: cube.sum(), wrt: [x], vector: [Tensor([1, 0])])
        }
    }
}

/// Mean cross-entropy of rows against class 0, 1, 2, … in turn, composed from primitives.
private func softmaxLoss(_ logits: Variable<Double>) -> Variable<Double> {
    let n = logits.shape[0], classes = logits.shape[1]
    var picks = Tensor<Double>(repeating: 0, shape: [n, classes])
    picks.withUnsafeMutableBufferPointer { for i in 0..<n { $0[i * classes + i % classes] = 1 } }
    return -(logits.logSoftmax(axis: 1) * Variable(picks)).sum() * (1 / Double(n))
}
