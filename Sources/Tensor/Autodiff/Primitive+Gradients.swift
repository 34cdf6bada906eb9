/// The gradient rules: for each primitive, ∂loss/∂inputs from ∂loss/∂output.
/// This switch is the only place where derivatives are written down.
extension Primitive {
    /// Vector–Jacobian products of this primitive.
    /// - Parameters:
    ///   - inputs: the input values, as recorded.
    ///   - output: the output value.
    ///   - gradOutput: ∂loss/∂output, shaped like `output`.
    ///   - needed: which inputs need a gradient (others may get nil).
    /// - Returns: ∂loss/∂input for each input, shaped like that input.
    func gradients(inputs x: [Tensor<Scalar>], output y: Tensor<Scalar>, gradOutput g: Tensor<Scalar>,
                   needed: [Bool]) -> [Tensor<Scalar>?] {
        switch self {
        case .unary(let op):
            return [Self.unaryGradient(op, x: x[0], y: y, g: g)]

        case .binary(let op):
            let (a, b) = (x[0], x[1])
            let (ga, gb): (Tensor<Scalar>, Tensor<Scalar>)
            switch op {
            case .add: (ga, gb) = (g, g)
            case .subtract: (ga, gb) = (g, -g)
            case .multiply: (ga, gb) = (needed[0] ? g * b : g, needed[1] ? g * a : g)
            case .divide: (ga, gb) = (g / b, needed[1] ? -(g * y / b) : g)
            case .maximum, .minimum:
                let pickA = y.zip(a, .equalMask)          // ties go to a
                (ga, gb) = (g * pickA, g * (1 - pickA))
            case .power:
                (ga, gb) = (g * b * a.pow(b - 1), needed[1] ? g * y * a.log() : g)
            case .passWherePositive, .equalMask:
                preconditionFailure("\(op) is a gradient helper and is not differentiable")
            }
            return [needed[0] ? ga.summed(toShape: a.shape) : nil,
                    needed[1] ? gb.summed(toShape: b.shape) : nil]

        case .sum(let axes, let inputShape):
            return [g.reshaped(Self.keptShape(inputShape, axes)).broadcast(to: inputShape)]

        case .max(let axes):
            let kept = Self.keptShape(x[0].shape, axes)
            let mask = x[0].zip(y.reshaped(kept), .equalMask)
            let ties = mask.sum(axes: axes, keepDims: true)
            return [mask * (g.reshaped(kept) / ties)]

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
            return g.split(sizes: sizes, axis: axis)

        case .matmul(let tA, let tB):
            let (a, b) = (x[0], x[1])
            // C = op(A)·op(B); each case keeps BLAS transposes instead of materialising them.
            let ga: Tensor<Scalar>? = !needed[0] ? nil
                : tA ? b.matmul(g, transposeSelf: tB, transposeOther: true) : g.matmul(b, transposeSelf: false, transposeOther: !tB)
            let gb: Tensor<Scalar>? = !needed[1] ? nil
                : tB ? g.matmul(a, transposeSelf: true, transposeOther: tA) : a.matmul(g, transposeSelf: !tA, transposeOther: false)
            return [ga.map { $0.summed(toShape: a.shape) }, gb.map { $0.summed(toShape: b.shape) }]

        case .conv2d(let config):
            let r = Tensor.conv2dBackward(x[0], x[1], gradOutput: g, config, needInputGrad: needed[0])
            return x.count == 3 ? [r.input, r.weight, r.bias] : [r.input, r.weight]

        case .maxPool2d(let argmax, let inputShape):
            return [Tensor.maxPool2dBackward(gradOutput: g, argmax: argmax, inputShape: inputShape)]

        case .avgPool2d(let config, let inputShape):
            return [Tensor.avgPool2dBackward(gradOutput: g, inputShape: inputShape, config)]

        case .gatherRows(let indices, let rowCount):
            return [Tensor.scatterAddRows(g, indices: indices, rowCount: rowCount)]

        case .conv2dInputGradient(let config, _):
            return [needed[0] ? Tensor.conv2d(g, x[1], bias: nil, config) : nil,
                    needed[1] ? Tensor.conv2dWeightGradient(g, gradOutput: x[0], weightShape: x[1].shape, config) : nil]

        case .conv2dWeightGradient(let config, _):
            return [needed[0] ? Tensor.conv2dInputGradient(x[1], weight: g, inputShape: x[0].shape, config) : nil,
                    needed[1] ? Tensor.conv2d(x[0], g, bias: nil, config) : nil]

        case .gather(let indices, let sourceShape):
            return [g.scatteredAdding(at: indices, shape: sourceShape)]

        case .scatterAdd(let indices, _):
            return [g.gathered(at: indices, shape: x[0].shape)]

        case .avgPool2dTranspose(let config, _):
            return [Tensor.avgPool2d(g, config)]

        case .scatterAddRows(let indices, _):
            return [g.gatherRows(indices)]

        case .custom(_, let backward):
            return backward(g, needed)
        }
    }

    static func unaryGradient(_ op: UnaryOp<Scalar>, x: Tensor<Scalar>, y: Tensor<Scalar>, g: Tensor<Scalar>) -> Tensor<Scalar> {
        switch op {
        case .negate: return -g
        case .exp: return g * y
        case .log: return g / x
        case .sqrt: return g / (y * 2)
        case .abs: return g * x.map(.sign)
        case .square: return g * x * 2
        case .reciprocal: return -(g * y.squared())
        case .tanh: return g * (1 - y.squared())
        case .sigmoid: return g * y * (1 - y)
        case .relu: return g.zip(x, .passWherePositive)
        case .gelu: return g * x.map(.geluDerivative)
        case .silu: return g * x.map(.siluDerivative)
        case .sin: return g * x.cos()
        case .cos: return -(g * x.sin())
        case .sign: return Tensor(repeating: 0, shape: x.shape)
        case .power(let p): return g * x.pow(p - 1) * p
        case .addScalar: return g
        case .multiplyScalar(let c): return g * c
        case .clamp(let lo, let hi): return g * x.map(.insideMask(lo, hi))
        case .geluDerivative:
            // gelu''(x) = φ(x)·(2 − x²), φ the standard normal density.
            let density = (x.squared() * -0.5).exp() * Scalar(0.3989422804014327)
            return g * density * (2 - x.squared())
        case .siluDerivative:
            // silu''(x) = σ(x)(1 − σ(x))·(2 + x·(1 − 2σ(x))).
            let s = x.sigmoid()
            return g * s * (1 - s) * (x * (1 - s * 2) + 2)
        case .insideMask:
            preconditionFailure("\(op) is a gradient helper and is not differentiable")
        }
    }

    /// `shape` with the reduced `axes` kept as size 1.
    static func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
        shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    }
}
