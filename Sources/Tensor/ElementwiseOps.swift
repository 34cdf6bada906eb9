/// One-input element-wise operations, run by `TensorScalar.unaryKernel`.
public enum UnaryOp<Scalar: TensorScalar>: Sendable {
    case negate, exp, log, sqrt, abs, square, reciprocal
    case tanh, sigmoid, relu, gelu, silu, sin, cos, sign
    /// x^p.
    case power(Scalar)
    /// x + c.
    case addScalar(Scalar)
    /// c · x.
    case multiplyScalar(Scalar)
    /// min(max(x, lo), hi).
    case clamp(Scalar, Scalar)
    /// 1 where lo ≤ x ≤ hi, else 0 (the derivative mask of `clamp`).
    case insideMask(Scalar, Scalar)
    /// d gelu / dx (exact, erf form).
    case geluDerivative
    /// d silu / dx.
    case siluDerivative
}

/// Two-input element-wise operations with broadcasting, run by `TensorScalar.binaryKernel`.
public enum BinaryOp: Sendable {
    case add, subtract, multiply, divide, maximum, minimum, power
    /// a where b > 0 else 0 (ReLU's backward: a = upstream gradient, b = input).
    case passWherePositive
    /// 1 where a == b else 0 (locates the arg-max for max's backward).
    case equalMask
}

/// Reductions along one axis, run by `TensorScalar.reduceKernel`.
public enum ReduceOp: Sendable {
    case sum, max, min, argmax, argmin, logSumExp
}

/// How two broadcast operands are walked: the output shape and, for each operand,
/// the element stride of every output axis (0 on broadcast axes). Adjacent axes that
/// are contiguous in all three arrays are merged so the innermost loop is long.
public struct BroadcastPlan: Sendable {
    public let shape: [Int]
    public let aStrides: [Int]
    public let bStrides: [Int]
    public var count: Int { shape.reduce(1, *) }

    /// The plan for broadcasting `a` against `b` (numpy rules); traps with both shapes if incompatible.
    public init(_ a: [Int], _ b: [Int]) {
        let rank = max(a.count, b.count)
        let ap = Array(repeating: 1, count: rank - a.count) + a
        let bp = Array(repeating: 1, count: rank - b.count) + b
        let aStride = Tensor<Float>.strides(of: ap), bStride = Tensor<Float>.strides(of: bp)
        var shape = [Int](), sa = [Int](), sb = [Int]()
        for k in 0..<rank {
            precondition(ap[k] == bp[k] || ap[k] == 1 || bp[k] == 1,
                         "broadcast: shapes \(a) and \(b) are incompatible at axis \(k)")
            let n = Swift.max(ap[k], bp[k])
            if n == 1 { continue }
            let s1 = ap[k] == 1 ? 0 : aStride[k], s2 = bp[k] == 1 ? 0 : bStride[k]
            // Merge with the previous axis when both operands step contiguously across it.
            if let last = shape.indices.last, sa[last] == s1 * n, sb[last] == s2 * n {
                shape[last] *= n; sa[last] = s1; sb[last] = s2
            } else {
                shape.append(n); sa.append(s1); sb.append(s2)
            }
        }
        self.shape = shape; self.aStrides = sa; self.bStrides = sb
    }

    /// The broadcast result shape of `a` and `b` (unmerged).
    public static func resultShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let ap = Array(repeating: 1, count: rank - a.count) + a
        let bp = Array(repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { k in
            precondition(ap[k] == bp[k] || ap[k] == 1 || bp[k] == 1,
                         "broadcast: shapes \(a) and \(b) are incompatible at axis \(k)")
            return Swift.max(ap[k], bp[k])
        }
    }
}
