import CKernels

/// The element-wise and reduction loops. Each is generic but only ever called from the
/// `Float`/`Double` conformances of `TensorScalar`, so the compiler specialises it. The plain
/// arithmetic runs in the C loops of CKernels (per instruction set); libm functions stay here.
enum Kernels {
    @inline(__always)
    static func map<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ n: Int, _ f: (T) -> T) {
        for i in 0..<n { out[i] = f(x[i]) }
    }

    static func unary<T: TensorScalar>(_ op: UnaryOp<T>, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ n: Int) {
        if let (code, p, q) = ElementwiseC.unaryCode(op) {
            quanta_ew_unary(ElementwiseC.flag(T.self), code, x, out, n, p, q)
            return
        }
        switch op {
        case .negate: map(x, out, n) { -$0 }
        case .exp: map(x, out, n) { T.exp($0) }
        case .log: map(x, out, n) { T.log($0) }
        case .sqrt: map(x, out, n) { $0.squareRoot() }
        case .abs: map(x, out, n) { Swift.abs($0) }
        case .square: map(x, out, n) { $0 * $0 }
        case .reciprocal: map(x, out, n) { 1 / $0 }
        case .tanh: map(x, out, n) { T.tanh($0) }
        case .sigmoid: map(x, out, n) { 1 / (1 + T.exp(-$0)) }
        case .relu: map(x, out, n) { $0 < 0 ? 0 : $0 }  // NaN stays NaN, as in PyTorch
        case .gelu: map(x, out, n) { $0 * (1 + T.erf($0 * T(0.7071067811865476))) / 2 }
        case .silu: map(x, out, n) { $0 / (1 + T.exp(-$0)) }
        case .sin: map(x, out, n) { T.sin($0) }
        case .cos: map(x, out, n) { T.cos($0) }
        case .sign: map(x, out, n) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .power(let p):
            if p == 2 { map(x, out, n) { $0 * $0 } } else { map(x, out, n) { T.pow($0, p) } }
        case .addScalar(let c): map(x, out, n) { $0 + c }
        case .multiplyScalar(let c): map(x, out, n) { $0 * c }
        case .clamp(let lo, let hi): map(x, out, n) { Swift.min(Swift.max($0, lo), hi) }
        case .insideMask(let lo, let hi): map(x, out, n) { $0 >= lo && $0 <= hi ? 1 : 0 }
        case .geluDerivative:
            map(x, out, n) { v in
                let cdf = (1 + T.erf(v * T(0.7071067811865476))) / 2
                let pdf = T.exp(-v * v / 2) * T(0.3989422804014327)
                return cdf + v * pdf
            }
        case .siluDerivative:
            map(x, out, n) { v in
                let s = 1 / (1 + T.exp(-v))
                return s * (1 + v * (1 - s))
            }
        }
    }

    /// `code`: the C loop (QUANTA_EW_*) that computes `f` on rows with strides 0 or 1, if any.
    @inline(__always)
    static func zip<T: TensorScalar>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
        _ plan: BroadcastPlan, code: Int32? = nil, _ f: (T, T) -> T
    ) {
        let rank = plan.shape.count
        if rank == 0 { out[0] = f(a[0], b[0]); return }
        let inner = plan.shape[rank - 1], sa = plan.aStrides[rank - 1], sb = plan.bStrides[rank - 1]
        let rows = plan.count / Swift.max(inner, 1)
        var index = [Int](repeating: 0, count: rank)  // outer multi-index (last entry unused)
        var ao = 0, bo = 0, o = 0
        for _ in 0..<rows {
            let pa = a + ao, pb = b + bo, po = out + o
            if let code, (sa == 0 || sa == 1) && (sb == 0 || sb == 1) {
                quanta_ew_binary(ElementwiseC.flag(T.self), code, pa, sa, pb, sb, po, inner)
            } else if sa == 1 && sb == 1 {
                for i in 0..<inner { po[i] = f(pa[i], pb[i]) }
            } else if sa == 1 && sb == 0 {
                let v = pb[0]
                for i in 0..<inner { po[i] = f(pa[i], v) }
            } else if sa == 0 && sb == 1 {
                let v = pa[0]
                for i in 0..<inner { po[i] = f(v, pb[i]) }
            } else {
                for i in 0..<inner { po[i] = f(pa[i * sa], pb[i * sb]) }
            }
            o += inner
            // Advance the outer multi-index like an odometer.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                ao += plan.aStrides[axis]; bo += plan.bStrides[axis]
                if index[axis] < plan.shape[axis] { break }
                ao -= plan.aStrides[axis] * plan.shape[axis]; bo -= plan.bStrides[axis] * plan.shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    static func binary<T: TensorScalar>(_ op: BinaryOp, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ plan: BroadcastPlan) {
        switch op {
        case .add: zip(a, b, out, plan, code: Int32(QUANTA_EW_ADD)) { $0 + $1 }
        case .subtract: zip(a, b, out, plan, code: Int32(QUANTA_EW_SUBTRACT)) { $0 - $1 }
        case .multiply: zip(a, b, out, plan, code: Int32(QUANTA_EW_MULTIPLY)) { $0 * $1 }
        case .divide: zip(a, b, out, plan, code: Int32(QUANTA_EW_DIVIDE)) { $0 / $1 }
        case .maximum: zip(a, b, out, plan, code: Int32(QUANTA_EW_MAXIMUM)) { Swift.max($0, $1) }
        case .minimum: zip(a, b, out, plan, code: Int32(QUANTA_EW_MINIMUM)) { Swift.min($0, $1) }
        case .power: zip(a, b, out, plan) { T.pow($0, $1) }
        case .passWherePositive: zip(a, b, out, plan, code: Int32(QUANTA_EW_PASS_WHERE_POSITIVE)) { $1 > 0 ? $0 : 0 }
        case .equalMask: zip(a, b, out, plan) { $0 == $1 ? 1 : 0 }
        }
    }

    static func reduce<T: TensorScalar>(_ op: ReduceOp, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, outer: Int, length: Int, inner: Int) {
        for o in 0..<outer {
            let src = x + o * length * inner, dst = out + o * inner
            switch op {
            case .sum:
                guard inner >= 16 else {
                    // short rows: one C call per element would cost more than the adds
                    for j in 0..<inner { dst[j] = stridedSum(src + j, count: length, stride: inner) }
                    continue
                }
                for j in 0..<inner { dst[j] = 0 }
                for r in 0..<length { quanta_ew_accumulate(ElementwiseC.flag(T.self), src + r * inner, dst, inner) }
            case .max, .min:
                for j in 0..<inner { dst[j] = src[j] }
                for r in 1..<Swift.max(length, 1) {
                    let row = src + r * inner
                    if op == .max { for j in 0..<inner { dst[j] = Swift.max(dst[j], row[j]) } }
                    else { for j in 0..<inner { dst[j] = Swift.min(dst[j], row[j]) } }
                }
            case .argmax, .argmin:
                for j in 0..<inner {
                    var best = src[j], at = 0
                    for r in 1..<Swift.max(length, 1) {
                        let v = src[r * inner + j]
                        if op == .argmax ? v > best : v < best { best = v; at = r }
                    }
                    dst[j] = T(at)
                }
            case .logSumExp:
                for j in 0..<inner {
                    var m = -T.infinity
                    for r in 0..<length { m = Swift.max(m, src[r * inner + j]) }
                    if !m.isFinite { dst[j] = m; continue }
                    var s: T = 0
                    for r in 0..<length { s += T.exp(src[r * inner + j] - m) }
                    dst[j] = m + T.log(s)
                }
            }
        }
    }
}

/// Σ x[k·stride] for k < count, in four partial sums.
@_specialize(where T == Float)
@_specialize(where T == Double)
func stridedSum<T: TensorScalar>(_ x: UnsafePointer<T>, count: Int, stride: Int) -> T {
    var (a, b, c, d): (T, T, T, T) = (0, 0, 0, 0)
    var k = 0
    while k + 4 <= count {
        a += x[k * stride]
        b += x[(k + 1) * stride]
        c += x[(k + 2) * stride]
        d += x[(k + 3) * stride]
        k += 4
    }
    while k < count {
        a += x[k * stride]
        k += 1
    }
    return (a + b) + (c + d)
}

/// Codes and flags of the C element-wise loops (`quanta_ew_*`).
enum ElementwiseC {
    /// 1 for Float, 0 for Double.
    @inline(__always)
    static func flag<T: TensorScalar>(_: T.Type) -> Int32 { MemoryLayout<T>.size == 4 ? 1 : 0 }

    /// The C loop for `op` and its scalar operands, or nil for the operations computed here.
    @inline(__always)
    static func unaryCode<T: TensorScalar>(_ op: UnaryOp<T>) -> (Int32, Double, Double)? {
        switch op {
        case .negate: (Int32(QUANTA_EW_NEGATE), 0, 0)
        case .abs: (Int32(QUANTA_EW_ABS), 0, 0)
        case .square: (Int32(QUANTA_EW_SQUARE), 0, 0)
        case .reciprocal: (Int32(QUANTA_EW_RECIPROCAL), 0, 0)
        case .relu: (Int32(QUANTA_EW_RELU), 0, 0)
        case .sqrt: (Int32(QUANTA_EW_SQRT), 0, 0)
        case .addScalar(let c): (Int32(QUANTA_EW_ADD_SCALAR), Double(c), 0)
        case .multiplyScalar(let c): (Int32(QUANTA_EW_MULTIPLY_SCALAR), Double(c), 0)
        case .clamp(let lo, let hi): (Int32(QUANTA_EW_CLAMP), Double(lo), Double(hi))
        default: nil
        }
    }
}
