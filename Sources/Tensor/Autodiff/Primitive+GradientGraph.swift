/// The rules of `Primitive+Gradients.swift` once more, written on variables: the gradient
/// they produce is itself a recorded computation, so it can be differentiated again
/// (Hessian-vector products). Piecewise-constant factors (ReLU's mask, max's ties) enter as
/// constants: their derivatives vanish almost everywhere. Custom operations have no entry;
/// `gradientGraph(of:wrt:)` refuses graphs that hold one.
extension Primitive {
    /// Vector–Jacobian products as variables. `x` are the recorded inputs, `y` the output
    /// node itself, `g` ∂loss/∂y. Returns ∂loss/∂input per input (nil where not needed).
    func gradientGraph(inputs x: [Variable<Scalar>], output y: Variable<Scalar>, gradOutput g: Variable<Scalar>,
                       needed: [Bool]) -> [Variable<Scalar>?] {
        switch self {
        case .unary(let op):
            return [Self.unaryGradientGraph(op, x: x[0], y: y, g: g)]
        case .binary(let op):
            return Self.binaryGradientGraph(op, a: x[0], b: x[1], y: y, g: g, needed: needed)
        case .sum(let axes, let inputShape):
            return [g.reshaped(Self.keptShape(inputShape, axes)).broadcast(to: inputShape)]
        case .max(let axes):
            let kept = Self.keptShape(x[0].shape, axes)
            let mask = x[0].value.zip(y.value.reshaped(kept), .equalMask)
            let share = mask / mask.sum(axes: axes, keepDims: true)
            return [g.reshaped(kept) * Variable(share)]
        case .logSumExp:
            return [g * (x[0] - y).exp()]
        case .reshape(let inputShape):
            return [g.reshaped(inputShape)]
        case .permute(let axes):
            var inverse = [Int](repeating: 0, count: axes.count)
            for (i, a) in axes.enumerated() { inverse[a] = i }
            return [g.permuted(inverse)]
        case .broadcast(let inputShape):
            return [g.summed(toShape: inputShape)]
        case .slice(let ranges):
            let shape = x[0].shape
            return [g.padded(ranges.enumerated().map { (before: $0.element.lowerBound, after: shape[$0.offset] - $0.element.upperBound) })]
        case .pad(let padding):
            return [g.sliced(padding.enumerated().map { $0.element.before..<(x[0].shape[$0.offset] + $0.element.before) })]
        case .concat(let axis, let sizes):
            return Self.splitGraph(g, sizes: sizes, axis: axis)
        case .matmul(let tA, let tB):
            return Self.matmulGradientGraph(a: x[0], b: x[1], g: g, tA: tA, tB: tB, needed: needed)
        default:
            return imageGradientGraph(inputs: x, gradOutput: g, needed: needed)
        }
    }

    /// The image and indexing primitives: convolution and its adjoints, pooling, gathers.
    private func imageGradientGraph(inputs x: [Variable<Scalar>], gradOutput g: Variable<Scalar>,
                                    needed: [Bool]) -> [Variable<Scalar>?] {
        switch self {
        case .conv2d(let config):
            let gx = needed[0] ? transposedConvolution(g, weight: x[1], inputShape: x[0].shape, config) : nil
            let gw = needed[1] ? weightCorrelation(x[0], gradOutput: g, weightShape: x[1].shape, config) : nil
            return x.count == 3 ? [gx, gw, g.sum(axes: [0, 2, 3])] : [gx, gw]
        case .conv2dInputGradient(let config, _):
            return [needed[0] ? convolution(g, x[1], bias: nil, config) : nil,
                    needed[1] ? weightCorrelation(g, gradOutput: x[0], weightShape: x[1].shape, config) : nil]
        case .conv2dWeightGradient(let config, _):
            return [needed[0] ? transposedConvolution(x[1], weight: g, inputShape: x[0].shape, config) : nil,
                    needed[1] ? convolution(x[0], g, bias: nil, config) : nil]
        case .maxPool2d(let argmax, let inputShape):
            return [g.scatteredAdding(at: argmax, shape: inputShape)]
        case .avgPool2d(let config, let inputShape):
            return [averagePoolingAdjoint(g, inputShape: inputShape, config)]
        case .avgPool2dTranspose(let config, _):
            return [averagePooling(g, config)]
        case .gatherRows(let indices, let rowCount):
            return [g.scatteredAddingRows(indices, rowCount: rowCount)]
        case .scatterAddRows(let indices, _):
            return [g.gatherRows(indices)]
        case .gather(let indices, let sourceShape):
            return [g.scatteredAdding(at: indices, shape: sourceShape)]
        case .scatterAdd(let indices, _):
            return [g.gathered(at: indices, shape: x[0].shape)]
        case .custom(let name, _):
            preconditionFailure("\(name) has no second-order rule; gradientGraph(of:wrt:) checks this first")
        default:
            preconditionFailure("\(self) is handled by gradientGraph")
        }
    }

    static func unaryGradientGraph(_ op: UnaryOp<Scalar>, x: Variable<Scalar>, y: Variable<Scalar>,
                                   g: Variable<Scalar>) -> Variable<Scalar> {
        switch op {
        case .negate: return -g
        case .exp: return g * y
        case .log: return g / x
        case .sqrt: return g / (y * 2)
        case .abs: return g * Variable(x.value.map(.sign))
        case .square: return g * x * 2
        case .reciprocal: return -(g * y.squared())
        case .tanh: return g * (1 - y.squared())
        case .sigmoid: return g * y * (1 - y)
        case .relu: return g * Variable(Tensor(repeating: 1, shape: x.shape).zip(x.value, .passWherePositive))
        case .gelu: return g * x.map(.geluDerivative)
        case .silu: return g * x.map(.siluDerivative)
        case .sin: return g * x.cos()
        case .cos: return -(g * x.sin())
        case .sign: return g * Variable(Tensor(repeating: 0, shape: x.shape))
        case .power(let p): return g * x.pow(p - 1) * p
        case .addScalar: return g
        case .multiplyScalar(let c): return g * c
        case .clamp(let lo, let hi): return g * Variable(x.value.map(.insideMask(lo, hi)))
        case .geluDerivative, .siluDerivative:
            preconditionFailure("\(op): third derivatives are not available")
        case .insideMask:
            preconditionFailure("\(op) is a gradient helper and is not differentiable")
        }
    }

    static func binaryGradientGraph(_ op: BinaryOp, a: Variable<Scalar>, b: Variable<Scalar>, y: Variable<Scalar>,
                                    g: Variable<Scalar>, needed: [Bool]) -> [Variable<Scalar>?] {
        let (ga, gb): (Variable<Scalar>, Variable<Scalar>)
        switch op {
        case .add: (ga, gb) = (g, g)
        case .subtract: (ga, gb) = (g, -g)
        case .multiply: (ga, gb) = (g * b, g * a)
        case .divide: (ga, gb) = (g / b, -(g * y / b))
        case .maximum, .minimum:
            let pickA = y.value.zip(a.value, .equalMask)
            (ga, gb) = (g * Variable(pickA), g * Variable(1 - pickA))
        case .power:
            (ga, gb) = (g * b * a.zip(b - 1, .power), g * y * a.log())
        case .passWherePositive, .equalMask:
            preconditionFailure("\(op) is a gradient helper and is not differentiable")
        }
        return [needed[0] ? ga.summed(toShape: a.shape) : nil, needed[1] ? gb.summed(toShape: b.shape) : nil]
    }

    static func matmulGradientGraph(a: Variable<Scalar>, b: Variable<Scalar>, g: Variable<Scalar>, tA: Bool, tB: Bool,
                                    needed: [Bool]) -> [Variable<Scalar>?] {
        let ga: Variable<Scalar>? = !needed[0] ? nil
            : tA ? b.matmul(g, transposeSelf: tB, transposeOther: true) : g.matmul(b, transposeSelf: false, transposeOther: !tB)
        let gb: Variable<Scalar>? = !needed[1] ? nil
            : tB ? g.matmul(a, transposeSelf: true, transposeOther: tA) : a.matmul(g, transposeSelf: !tA, transposeOther: false)
        return [ga.map { $0.summed(toShape: a.shape) }, gb.map { $0.summed(toShape: b.shape) }]
    }

    static func splitGraph(_ g: Variable<Scalar>, sizes: [Int], axis: Int) -> [Variable<Scalar>?] {
        var start = 0
        return sizes.map { size in
            var ranges = g.shape.map { 0..<$0 }
            ranges[axis] = start..<(start + size)
            start += size
            return g.sliced(ranges)
        }
    }
}

// The free functions these rules call, under names the enum's cases do not shadow.
private func convolution<S>(_ x: Variable<S>, _ w: Variable<S>, bias: Variable<S>?, _ c: Conv2DConfig) -> Variable<S> {
    conv2d(x, w, bias: bias, c)
}
private func transposedConvolution<S>(_ g: Variable<S>, weight: Variable<S>, inputShape: [Int], _ c: Conv2DConfig) -> Variable<S> {
    conv2dInputGradient(g, weight: weight, inputShape: inputShape, c)
}
private func weightCorrelation<S>(_ x: Variable<S>, gradOutput: Variable<S>, weightShape: [Int], _ c: Conv2DConfig) -> Variable<S> {
    conv2dWeightGradient(x, gradOutput: gradOutput, weightShape: weightShape, c)
}
private func averagePooling<S>(_ g: Variable<S>, _ c: Pool2DConfig) -> Variable<S> { avgPool2d(g, c) }
private func averagePoolingAdjoint<S>(_ g: Variable<S>, inputShape: [Int], _ c: Pool2DConfig) -> Variable<S> {
    avgPool2dTranspose(g, inputShape: inputShape, c)
}
