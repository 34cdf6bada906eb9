/// The uncontrolled dense 2×2 kernel for targets q ≥ 2 as one flat loop over the pair index.
///
/// Pair k (an amplitude index with bit q removed) lives at amplitude j = k + (k & ~(2^q − 1))
/// and its partner at j + 2^q. Each step takes 8 consecutive pair indices, i.e. two 4-amplitude
/// vectors and their partners, whatever the run length 2^q: no per-run set-up, four loads in
/// flight. Measured at n = 20 (state in L3), q = 2…4: the run-by-run loop spent up to 1.3× the
/// time of a target ≥ 6 on its per-run overhead. O(2ⁿ).
extension OneQubitKernels {
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func denseFlat<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, target q: Int,
                                      matrix m: UnsafePointer<Complex>, threads: Int) {
        precondition(q >= 2 && n >= 4, "denseFlat: target \(q) of \(n) qubits")
        let u = PairMatrix<R>(m)
        // one loop per matrix kind, each specialised (generic structs, not closures, so the
        // body is inlined): the choice stays out of the loop
        switch kind(m) {
        case .real: flatLoop(p, qubits: n, target: q, threads: threads, RealPairMap(u: u))
        case .realDiagonalImaginaryOff: flatLoop(p, qubits: n, target: q, threads: threads, RXLikePairMap(u: u))
        case .general: flatLoop(p, qubits: n, target: q, threads: threads, GeneralPairMap(u: u))
        }
    }

    @inline(__always)
    static func flatLoop<R: SimReal, M: PairMap>(_ p: UnsafeMutablePointer<R>, qubits n: Int, target q: Int,
                                                 threads: Int, _ map: M) where M.R == R {
        let s = 1 << q, high = ~(s &- 1)
        parallelChunks((1 << (n - 1)) / 8, threads: threads) { range in
            for o in range {
                let k0 = o &* 8, k1 = k0 &+ 4
                let j0 = k0 &+ (k0 & high), j1 = k1 &+ (k1 & high)
                let a0 = loadV(p, j0), b0 = loadV(p, j0 &+ s), a1 = loadV(p, j1), b1 = loadV(p, j1 &+ s)
                let (x0, y0) = map(a0, b0), (x1, y1) = map(a1, b1)
                storeV(p, j0, x0); storeV(p, j0 &+ s, y0); storeV(p, j1, x1); storeV(p, j1 &+ s, y1)
            }
        }
    }
}

/// The four entries of a 2×2 matrix as splat vectors.
struct PairMatrix<R: SimReal> {
    let m00: SplatComplex<R>, m01: SplatComplex<R>, m10: SplatComplex<R>, m11: SplatComplex<R>
    init(_ m: UnsafePointer<Complex>) {
        m00 = SplatComplex(m[0]); m01 = SplatComplex(m[1]); m10 = SplatComplex(m[2]); m11 = SplatComplex(m[3])
    }
}

/// (a, b) ↦ (m00·a + m01·b, m10·a + m11·b) on four amplitude pairs at once.
protocol PairMap {
    associatedtype R: SimReal
    func callAsFunction(_ a: SIMD8<R>, _ b: SIMD8<R>) -> (SIMD8<R>, SIMD8<R>)
}

/// Real matrices (H, RY): two products per output.
struct RealPairMap<R: SimReal>: PairMap {
    let u: PairMatrix<R>
    @inline(__always) func callAsFunction(_ a: SIMD8<R>, _ b: SIMD8<R>) -> (SIMD8<R>, SIMD8<R>) {
        (u.m00.re * a + u.m01.re * b, u.m10.re * a + u.m11.re * b)
    }
}

/// Real diagonal, imaginary off-diagonal (RX, SX up to phase).
struct RXLikePairMap<R: SimReal>: PairMap {
    let u: PairMatrix<R>
    @inline(__always) func callAsFunction(_ a: SIMD8<R>, _ b: SIMD8<R>) -> (SIMD8<R>, SIMD8<R>) {
        (u.m00.re * a + u.m01.ims * swapReIm(b), u.m10.ims * swapReIm(a) + u.m11.re * b)
    }
}

/// Any complex 2×2 matrix.
struct GeneralPairMap<R: SimReal>: PairMap {
    let u: PairMatrix<R>
    @inline(__always) func callAsFunction(_ a: SIMD8<R>, _ b: SIMD8<R>) -> (SIMD8<R>, SIMD8<R>) {
        let sa = swapReIm(a), sb = swapReIm(b)
        return (u.m00.times(a, sa) + u.m01.times(b, sb), u.m10.times(a, sa) + u.m11.times(b, sb))
    }
}
