/// Short-row building blocks for the convolution's layout shuffles. Their rows are often
/// 8–30 elements, too short for the auto-vectoriser (which wants 4 vectors per iteration),
/// so these step by explicit 8-lane vectors and finish with a scalar tail.
enum VectorOps {
    @inline(__always)
    static func load<T: TensorScalar>(_ p: UnsafePointer<T>) -> SIMD8<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
    }

    @inline(__always)
    static func store<T: TensorScalar>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<T>.self)
    }

    /// dst[0..<n] = src[0..<n], returning Σ src (lanes summed at the end).
    @inline(__always)
    static func copySum<T: TensorScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var acc = SIMD8<T>(repeating: 0), tail: T = 0
        var i = 0
        while i + 8 <= n { let v = load(src + i); store(v, dst + i); acc += v; i += 8 }
        while i < n { dst[i] = src[i]; tail += src[i]; i += 1 }
        return acc.sum() + tail
    }

    /// dst[0..<n] = src[0..<n] + c.
    @inline(__always)
    static func copyAdding<T: TensorScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, _ n: Int, _ c: T) {
        let cv = SIMD8<T>(repeating: c)
        var i = 0
        while i + 8 <= n { store(load(src + i) + cv, dst + i); i += 8 }
        while i < n { dst[i] = src[i] + c; i += 1 }
    }
}
