/// How a strided copy walks memory: for each axis of `shape`, the element step in the
/// source and in the destination. Adjacent axes that are contiguous in both are merged so
/// the innermost loop is as long as possible. Used by every movement op.
public struct CopyPlan: Sendable {
    public let shape: [Int]
    public let srcStrides: [Int]
    public let dstStrides: [Int]
    public var count: Int { shape.reduce(1, *) }

    /// A plan copying a block of `shape` from `srcStrides` to `dstStrides` (both in elements).
    public init(shape: [Int], srcStrides: [Int], dstStrides: [Int]) {
        precondition(shape.count == srcStrides.count && shape.count == dstStrides.count,
                     "CopyPlan: shape \(shape) and strides \(srcStrides), \(dstStrides) differ in rank")
        var s = [Int](), a = [Int](), b = [Int]()
        for k in shape.indices {
            let n = shape[k]
            if n == 1 { continue }
            if let last = s.indices.last, a[last] == srcStrides[k] * n, b[last] == dstStrides[k] * n {
                s[last] *= n; a[last] = srcStrides[k]; b[last] = dstStrides[k]
            } else {
                s.append(n); a.append(srcStrides[k]); b.append(dstStrides[k])
            }
        }
        if shape.contains(0) { s = [0]; a = [1]; b = [1] }
        self.shape = s; self.srcStrides = a; self.dstStrides = b
    }
}

/// Loops behind the movement ops; generic, but called only from the `Float`/`Double`
/// witnesses of `TensorScalar`, so each is specialised.
enum MovementKernels {
    /// dst[plan] = src[plan] over a multi-index odometer; the inner axis is a memcpy when
    /// both sides are contiguous.
    static func stridedCopy<T: TensorScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, _ plan: CopyPlan) {
        let rank = plan.shape.count
        if rank == 0 { dst[0] = src[0]; return }
        let inner = plan.shape[rank - 1], sa = plan.srcStrides[rank - 1], sb = plan.dstStrides[rank - 1]
        if inner == 0 { return }
        let rows = plan.count / inner
        var index = [Int](repeating: 0, count: rank)
        var ao = 0, bo = 0
        for _ in 0..<rows {
            let pa = src + ao, pb = dst + bo
            if sa == 1 && sb == 1 {
                pb.update(from: pa, count: inner)
            } else if sa == 0 {
                let v = pa[0]
                for i in 0..<inner { pb[i * sb] = v }
            } else {
                for i in 0..<inner { pb[i * sb] = pa[i * sa] }
            }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                ao += plan.srcStrides[axis]; bo += plan.dstStrides[axis]
                if index[axis] < plan.shape[axis] { break }
                ao -= plan.srcStrides[axis] * plan.shape[axis]; bo -= plan.dstStrides[axis] * plan.shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// For each of `batch` row-major `rows × cols` matrices, dst = srcᵀ (`cols × rows`),
    /// in 32×32 tiles so both sides stay in cache.
    static func transpose<T: TensorScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, batch: Int, rows: Int, cols: Int) {
        let tile = 32
        for b in 0..<batch {
            let s = src + b * rows * cols, d = dst + b * rows * cols
            var i0 = 0
            while i0 < rows {
                let i1 = Swift.min(i0 + tile, rows)
                var j0 = 0
                while j0 < cols {
                    let j1 = Swift.min(j0 + tile, cols)
                    for i in i0..<i1 {
                        let row = s + i * cols
                        for j in j0..<j1 { d[j * rows + i] = row[j] }
                    }
                    j0 = j1
                }
                i0 = i1
            }
        }
    }

    /// dst[i] += src[i] for `count` elements.
    static func accumulate<T: TensorScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, _ count: Int) {
        for i in 0..<count { dst[i] += src[i] }
    }

    /// dst[i] = value for `count` elements.
    static func fill<T: TensorScalar>(_ dst: UnsafeMutablePointer<T>, _ value: T, _ count: Int) {
        dst.update(repeating: value, count: count)
    }
}
