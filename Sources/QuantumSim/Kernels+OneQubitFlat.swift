import CMemoryHints

/// The uncontrolled dense 2×2 kernel for targets q ≥ 2 as one flat loop over the pair index.
///
/// Pair k (an amplitude index with bit q removed) lives at amplitude j = k + (k & ~(2^q − 1))
/// and its partner at j + 2^q. Each step takes 8 consecutive pair indices, i.e. two 4-amplitude
/// vectors and their partners, whatever the run length 2^q: no per-run set-up, four loads in
/// flight. Measured at n = 20 (state in L3), q = 2…4: the run-by-run loop spent up to 1.3× the
/// time of a target ≥ 6 on its per-run overhead. For targets 5…10 on states larger than L2 the
/// loop also prefetches the state in address order (`prefetchSteps`). O(2ⁿ).
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
        let s = 1 << q, high = ~(s &- 1), steps = (1 << (n - 1)) / 8
        let ahead = prefetchSteps(qubits: n, target: q, R.self)
        parallelChunks(steps, threads: threads) { range in
            guard ahead > 0 else {
                for o in range { pairStep(p, o, s, high, map) }
                return
            }
            // the last `ahead` steps of the state have nothing left to fetch
            let split = max(range.lowerBound, min(range.upperBound, steps - ahead))
            for o in range.lowerBound..<split {
                prefetch16(p, (o &+ ahead) &* 16)
                pairStep(p, o, s, high, map)
            }
            for o in split..<range.upperBound { pairStep(p, o, s, high, map) }
        }
    }

    /// Step o: pair indices 8o…8o+7, two 4-amplitude vectors and their partners 2^q further.
    @inline(__always)
    static func pairStep<R: SimReal, M: PairMap>(_ p: UnsafeMutablePointer<R>, _ o: Int, _ s: Int, _ high: Int,
                                                 _ map: M) where M.R == R {
        let k0 = o &* 8, k1 = k0 &+ 4
        let j0 = k0 &+ (k0 & high), j1 = k1 &+ (k1 & high)
        let a0 = loadV(p, j0), b0 = loadV(p, j0 &+ s), a1 = loadV(p, j1), b1 = loadV(p, j1 &+ s)
        let (x0, y0) = map(a0, b0), (x1, y1) = map(a1, b1)
        storeV(p, j0, x0); storeV(p, j0 &+ s, y0); storeV(p, j1, x1); storeV(p, j1 &+ s, y1)
    }

    /// How many steps ahead to prefetch for target q (0: none). Targets 5…10 walk two streams
    /// 0.5–16 KiB apart inside the same pages, back and forth, which the hardware prefetchers
    /// follow badly: measured at n = 24 (1 thread, complex128) RX took 20 ms at q = 5 and
    /// 12–17 ms at q = 6…11 against 9 ms at q ≤ 4 or ≥ 13, and the same shape at n = 19…20.
    /// A software stream that reads the state in address order, one block of 2^(q+1) amplitudes
    /// ahead of the computation (at most 16 KiB: further ahead, lines are evicted from L1 before
    /// use), brings these targets to 9.6–10.4 ms at n = 24 (W1 gate by gate: 7–9 % faster at
    /// 1 thread; at 2 threads the penalty was smaller, q = 5 at 10 ms against 7.5, and the gain ~3 %).
    /// Not for states that fit in L2 (there it only costs instructions), nor for q ≥ 11 (slower at
    /// n ≤ 20, within noise at n = 24). The same look-ahead on CNOT(q, q+1) runs gained at most
    /// 1 % of W1 and lost at 2 threads, so the permutation kernels do without.
    @inline(__always)
    static func prefetchSteps<R>(qubits n: Int, target q: Int, _: R.Type) -> Int {
        let ampBytes = 2 * MemoryLayout<R>.stride
        guard (5...10).contains(q), ampBytes << n > 2 << 20 else { return 0 }
        return min(ampBytes << (q + 1), 16 << 10) / (16 * ampBytes)
    }

    /// Prefetches amplitudes a…a+15 (a a multiple of 16): 256 B in complex128, 128 B in complex64.
    @inline(__always)
    static func prefetch16<R: SimReal>(_ p: UnsafeMutablePointer<R>, _ a: Int) {
        let base = p + a &* 2, lineScalars = 64 / MemoryLayout<R>.stride
        for l in stride(from: 0, to: 32, by: lineScalars) { quanta_prefetch_l1(base + l) }
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
