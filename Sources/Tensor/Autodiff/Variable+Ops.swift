/// Differentiable operations on variables. Each either records one `Primitive` or is
/// composed of others (its gradient then comes for free).
extension Variable {
    func record(_ value: Tensor<Scalar>, _ op: Primitive<Scalar>, _ inputs: Variable...) -> Variable {
        Variable(value, op: op, inputs: inputs)
    }

    /// Element-wise one-input operation.
    public func map(_ op: UnaryOp<Scalar>) -> Variable { record(value.map(op), .unary(op), self) }

    /// Element-wise two-input operation with broadcasting.
    public func zip(_ other: Variable, _ op: BinaryOp) -> Variable {
        record(value.zip(other.value, op), .binary(op), self, other)
    }

    public static func + (a: Variable, b: Variable) -> Variable { a.zip(b, .add) }
    public static func - (a: Variable, b: Variable) -> Variable { a.zip(b, .subtract) }
    public static func * (a: Variable, b: Variable) -> Variable { a.zip(b, .multiply) }
    public static func / (a: Variable, b: Variable) -> Variable { a.zip(b, .divide) }
    public static prefix func - (a: Variable) -> Variable { a.map(.negate) }

    public static func + (a: Variable, b: Tensor<Scalar>) -> Variable { a + Variable(b) }
    public static func - (a: Variable, b: Tensor<Scalar>) -> Variable { a - Variable(b) }
    public static func * (a: Variable, b: Tensor<Scalar>) -> Variable { a * Variable(b) }
    public static func / (a: Variable, b: Tensor<Scalar>) -> Variable { a / Variable(b) }
    public static func + (a: Variable, c: Scalar) -> Variable { a.map(.addScalar(c)) }
    public static func - (a: Variable, c: Scalar) -> Variable { a.map(.addScalar(-c)) }
    public static func - (c: Scalar, a: Variable) -> Variable { a.map(.negate).map(.addScalar(c)) }
    public static func * (a: Variable, c: Scalar) -> Variable { a.map(.multiplyScalar(c)) }
    public static func * (c: Scalar, a: Variable) -> Variable { a.map(.multiplyScalar(c)) }
    public static func / (a: Variable, c: Scalar) -> Variable { a.map(.multiplyScalar(1 / c)) }

    public func exp() -> Variable { map(.exp) }
    public func log() -> Variable { map(.log) }
    public func sqrt() -> Variable { map(.sqrt) }
    public func abs() -> Variable { map(.abs) }
    public func squared() -> Variable { map(.square) }
    public func reciprocal() -> Variable { map(.reciprocal) }
    public func tanh() -> Variable { map(.tanh) }
    public func sigmoid() -> Variable { map(.sigmoid) }
    public func relu() -> Variable { map(.relu) }
    public func gelu() -> Variable { map(.gelu) }
    public func silu() -> Variable { map(.silu) }
    public func sin() -> Variable { map(.sin) }
    public func cos() -> Variable { map(.cos) }
    /// x^p.
    public func pow(_ p: Scalar) -> Variable { map(.power(p)) }
    /// min(max(x, lo), hi); the gradient passes only inside [lo, hi].
    public func clamped(_ lo: Scalar, _ hi: Scalar) -> Variable { map(.clamp(lo, hi)) }
    public func maximum(_ other: Variable) -> Variable { zip(other, .maximum) }
    public func minimum(_ other: Variable) -> Variable { zip(other, .minimum) }

    /// Σ over `axes` (all when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let axes = value.normalizedAxes(axes ?? Array(0..<value.rank))
        return record(value.sum(axes: axes, keepDims: keepDims), .sum(axes: axes, inputShape: shape), self)
    }

    /// Mean over `axes` (all when nil).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let axes = value.normalizedAxes(axes ?? Array(0..<value.rank))
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Scalar(Swift.max(n, 1)))
    }

    /// Maximum over `axes` (all when nil).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let axes = value.normalizedAxes(axes ?? Array(0..<value.rank))
        return record(value.max(axes: axes, keepDims: keepDims), .max(axes: axes), self)
    }

    /// log Σ exp over `axis`, stable.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Variable {
        let axis = value.normalizedAxes([axis])[0]
        let kept = record(value.logSumExp(axis: axis, keepDims: true), .logSumExp(axis: axis), self)
        return keepDims ? kept : kept.reshaped(value.shape.enumerated().filter { $0.offset != axis }.map(\.element))
    }

    /// log softmax along `axis`: x − logΣexp(x).
    public func logSoftmax(axis: Int = -1) -> Variable { self - logSumExp(axis: axis, keepDims: true) }

    /// softmax along `axis`: exp(x − logΣexp(x)).
    public func softmax(axis: Int = -1) -> Variable { logSoftmax(axis: axis).exp() }

    /// Same elements, new shape (one −1 is inferred).
    public func reshaped(_ newShape: [Int]) -> Variable {
        record(value.reshaped(newShape), .reshape(inputShape: shape), self)
    }

    /// Flattens all axes after the first: [N, …] → [N, Π…].
    public func flattened() -> Variable { reshaped([shape.first ?? 1, -1]) }

    /// Axis permutation.
    public func permuted(_ axes: [Int]) -> Variable { record(value.permuted(axes), .permute(axes), self) }

    /// Swaps the last two axes.
    public func transposed() -> Variable {
        var axes = Array(0..<value.rank)
        axes.swapAt(axes.count - 1, axes.count - 2)
        return permuted(axes)
    }

    /// Materialised broadcast to `shape`.
    public func broadcast(to newShape: [Int]) -> Variable {
        record(value.broadcast(to: newShape), .broadcast(inputShape: shape), self)
    }

    /// Sub-block with one range per leading axis (trailing axes whole).
    public func sliced(_ ranges: [Range<Int>]) -> Variable {
        let full = ranges + shape.dropFirst(ranges.count).map { 0..<$0 }
        return record(value.sliced(full), .slice(full), self)
    }

    /// Constant padding, one (before, after) per axis.
    public func padded(_ padding: [(before: Int, after: Int)], value fill: Scalar = 0) -> Variable {
        record(value.padded(padding, value: fill), .pad(padding), self)
    }

    /// Concatenation along `axis`.
    public static func concatenated(_ parts: [Variable], axis: Int) -> Variable {
        precondition(!parts.isEmpty, "concatenated: no inputs")
        let axis = axis < 0 ? axis + parts[0].value.rank : axis
        let value = Tensor.concatenated(parts.map(\.value), axis: axis)
        return Variable(value, op: .concat(axis: axis, sizes: parts.map { $0.shape[axis] }), inputs: parts)
    }

    /// Stacks equal-shaped variables along a new axis.
    public static func stacked(_ parts: [Variable], axis: Int) -> Variable {
        precondition(!parts.isEmpty, "stacked: no inputs")
        var expanded = parts[0].shape
        let axis = axis < 0 ? axis + expanded.count + 1 : axis
        expanded.insert(1, at: axis)
        return concatenated(parts.map { $0.reshaped(expanded) }, axis: axis)
    }

    /// op(self)·op(other), 2-D or batched.
    public func matmul(_ other: Variable, transposeSelf: Bool = false, transposeOther: Bool = false) -> Variable {
        record(value.matmul(other.value, transposeSelf: transposeSelf, transposeOther: transposeOther),
               .matmul(transposeA: transposeSelf, transposeB: transposeOther), self, other)
    }

    /// Rows of this [V, …] table at `indices` → [n, …] (embedding lookup).
    public func gatherRows(_ indices: [Int]) -> Variable {
        record(value.gatherRows(indices), .gatherRows(indices: indices, rowCount: shape[0]), self)
    }
}

/// 2-D convolution of `input` [N,C,H,W] with `weight` [O,C/groups,KH,KW] and optional `bias` [O].
public func conv2d<Scalar>(_ input: Variable<Scalar>, _ weight: Variable<Scalar>, bias: Variable<Scalar>?,
                           _ config: Conv2DConfig) -> Variable<Scalar> {
    let value = Tensor.conv2d(input.value, weight.value, bias: bias?.value, config)
    return Variable(value, op: .conv2d(config), inputs: [input, weight] + (bias.map { [$0] } ?? []))
}

/// Max pooling of [N,C,H,W].
public func maxPool2d<Scalar>(_ input: Variable<Scalar>, _ config: Pool2DConfig) -> Variable<Scalar> {
    let (output, argmax) = Tensor.maxPool2d(input.value, config)
    return Variable(output, op: .maxPool2d(argmax: input.requiresGrad ? argmax : [], inputShape: input.shape), inputs: [input])
}

/// Average pooling of [N,C,H,W].
public func avgPool2d<Scalar>(_ input: Variable<Scalar>, _ config: Pool2DConfig) -> Variable<Scalar> {
    Variable(Tensor.avgPool2d(input.value, config), op: .avgPool2d(config, inputShape: input.shape), inputs: [input])
}
