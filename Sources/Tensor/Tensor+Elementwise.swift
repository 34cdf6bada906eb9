extension Tensor {
    /// Applies a one-input element-wise operation. O(count).
    public func map(_ op: UnaryOp<Scalar>) -> Tensor {
        withUnsafeBufferPointer { x in
            Tensor(shape: shape) { out in Scalar.unaryKernel(op, x.baseAddress!, out, x.count) }
        }
    }

    /// Applies a two-input element-wise operation with numpy broadcasting.
    /// The result has the broadcast shape of `self` and `other`. O(result count).
    public func zip(_ other: Tensor, _ op: BinaryOp) -> Tensor {
        let resultShape = BroadcastPlan.resultShape(shape, other.shape)
        let plan = BroadcastPlan(shape, other.shape)
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                Tensor(shape: resultShape) { out in
                    Scalar.binaryKernel(op, a.baseAddress!, b.baseAddress!, out, plan)
                }
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.zip(b, .add) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.zip(b, .subtract) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.zip(b, .multiply) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.zip(b, .divide) }
    public static prefix func - (a: Tensor) -> Tensor { a.map(.negate) }

    public static func + (a: Tensor, c: Scalar) -> Tensor { a.map(.addScalar(c)) }
    public static func + (c: Scalar, a: Tensor) -> Tensor { a.map(.addScalar(c)) }
    public static func - (a: Tensor, c: Scalar) -> Tensor { a.map(.addScalar(-c)) }
    public static func - (c: Scalar, a: Tensor) -> Tensor { a.map(.negate).map(.addScalar(c)) }
    public static func * (a: Tensor, c: Scalar) -> Tensor { a.map(.multiplyScalar(c)) }
    public static func * (c: Scalar, a: Tensor) -> Tensor { a.map(.multiplyScalar(c)) }
    public static func / (a: Tensor, c: Scalar) -> Tensor { a.map(.multiplyScalar(1 / c)) }
    public static func / (c: Scalar, a: Tensor) -> Tensor { a.map(.reciprocal).map(.multiplyScalar(c)) }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func *= (a: inout Tensor, c: Scalar) { a = a * c }

    /// Element-wise maximum with broadcasting.
    public func maximum(_ other: Tensor) -> Tensor { zip(other, .maximum) }
    /// Element-wise minimum with broadcasting.
    public func minimum(_ other: Tensor) -> Tensor { zip(other, .minimum) }
    /// Element-wise power with broadcasting.
    public func pow(_ other: Tensor) -> Tensor { zip(other, .power) }
    /// x^p.
    public func pow(_ p: Scalar) -> Tensor { map(.power(p)) }
    /// min(max(x, lo), hi).
    public func clamped(_ lo: Scalar, _ hi: Scalar) -> Tensor { map(.clamp(lo, hi)) }

    public func exp() -> Tensor { map(.exp) }
    public func log() -> Tensor { map(.log) }
    public func sqrt() -> Tensor { map(.sqrt) }
    public func abs() -> Tensor { map(.abs) }
    public func squared() -> Tensor { map(.square) }
    public func tanh() -> Tensor { map(.tanh) }
    public func sigmoid() -> Tensor { map(.sigmoid) }
    public func relu() -> Tensor { map(.relu) }
    public func gelu() -> Tensor { map(.gelu) }
    public func silu() -> Tensor { map(.silu) }
    public func sin() -> Tensor { map(.sin) }
    public func cos() -> Tensor { map(.cos) }

    /// Adds `alpha · other` into `self` in place (same shape; BLAS-style axpy). O(count).
    public mutating func addScaled(_ other: Tensor, _ alpha: Scalar = 1) {
        precondition(shape == other.shape, "addScaled: shapes \(shape) and \(other.shape) differ")
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                guard let y = a.baseAddress, let x = b.baseAddress else { return }
                Scalar.axpyKernel(alpha, x, y, a.count)
            }
        }
    }

    /// True when every element is within `atol + rtol·|b|` of `other`'s.
    public func isApproximatelyEqual(to other: Tensor, atol: Scalar = 1e-6, rtol: Scalar = 1e-5) -> Bool {
        guard shape == other.shape else { return false }
        for (x, y) in Swift.zip(scalars, other.scalars) where Swift.abs(x - y) > atol + rtol * Swift.abs(y) {
            return false
        }
        return true
    }
}
