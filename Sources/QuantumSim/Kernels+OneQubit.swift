/// One-qubit kernels on interleaved amplitudes: dense 2×2, phase on a subspace, controlled swap.
///
/// All loops run over "free" indices with the fixed bits (target, controls) inserted, so a
/// kernel touches only the amplitudes it changes. When the lowest fixed bit is ≥ 2 the free
/// indices come in contiguous runs of ≥ 4 amplitudes and the body is SIMD over `SIMD8<R>`
/// (4 complex numbers); targets 0 and 1 without controls use in-register shuffles.
enum OneQubitKernels {
    enum Kind { case real, realDiagonalImaginaryOff, general }

    /// Which specialised loop a 2×2 matrix allows.
    static func kind(_ m: UnsafePointer<Complex>) -> Kind {
        if m[0].im == 0 && m[1].im == 0 && m[2].im == 0 && m[3].im == 0 { return .real }
        if m[0].im == 0 && m[3].im == 0 && m[1].re == 0 && m[2].re == 0 { return .realDiagonalImaginaryOff }
        return .general
    }

    /// ψ ← (controlled) M ψ for a dense 2×2 `m` on `target`, controls given as a bit mask.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func dense<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                  matrix m: UnsafePointer<Complex>, threads: Int) {
        let q = shape.targets[0], cmask = shape.cmask, controls = shape.controls
        let pairs = 1 << (n - 1 - controls.count)
        let s = 1 << q
        let ins = shape.ins
        let L = min(ins.runLength, pairs)
        if controls.isEmpty && q >= 2 && n >= 4 {
            denseFlat(p, qubits: n, target: q, matrix: m, threads: threads)
        } else if L >= 4 {
            let m00 = SplatComplex<R>(m[0]), m01 = SplatComplex<R>(m[1])
            let m10 = SplatComplex<R>(m[2]), m11 = SplatComplex<R>(m[3])
            // Fewer operations for real matrices (H, RY) and for real-diagonal/imaginary-off-diagonal
            // ones (RX, SX up to phase): the loop is chosen once, outside.
            let kind = Self.kind(m)
            let noControls = controls.isEmpty
            parallelChunks(pairs / L, threads: threads) { range in
                for o in range {
                    // without controls the only fixed bit is q and L = 2^q: expand(o·L) = 2·o·L
                    let base = noControls ? (o &* L) << 1 : ins.expand(o &* L) | cmask
                    var j = base
                    let end = base &+ L
                    switch kind {
                    case .real:
                        // two vectors per step: more loads in flight on memory-bound states
                        while j &+ 8 <= end {
                            let a = loadV(p, j), b = loadV(p, j &+ s), a2 = loadV(p, j &+ 4), b2 = loadV(p, j &+ s &+ 4)
                            storeV(p, j, m00.re * a + m01.re * b)
                            storeV(p, j &+ s, m10.re * a + m11.re * b)
                            storeV(p, j &+ 4, m00.re * a2 + m01.re * b2)
                            storeV(p, j &+ s &+ 4, m10.re * a2 + m11.re * b2)
                            j &+= 8
                        }
                        while j < end {
                            let a = loadV(p, j), b = loadV(p, j &+ s)
                            storeV(p, j, m00.re * a + m01.re * b)
                            storeV(p, j &+ s, m10.re * a + m11.re * b)
                            j &+= 4
                        }
                    case .realDiagonalImaginaryOff:
                        while j &+ 8 <= end {
                            let a = loadV(p, j), b = loadV(p, j &+ s), a2 = loadV(p, j &+ 4), b2 = loadV(p, j &+ s &+ 4)
                            storeV(p, j, m00.re * a + m01.ims * swapReIm(b))
                            storeV(p, j &+ s, m10.ims * swapReIm(a) + m11.re * b)
                            storeV(p, j &+ 4, m00.re * a2 + m01.ims * swapReIm(b2))
                            storeV(p, j &+ s &+ 4, m10.ims * swapReIm(a2) + m11.re * b2)
                            j &+= 8
                        }
                        while j < end {
                            let a = loadV(p, j), b = loadV(p, j &+ s)
                            storeV(p, j, m00.re * a + m01.ims * swapReIm(b))
                            storeV(p, j &+ s, m10.ims * swapReIm(a) + m11.re * b)
                            j &+= 4
                        }
                    case .general:
                        while j < end {
                            let a = loadV(p, j), b = loadV(p, j &+ s)
                            let sa = swapReIm(a), sb = swapReIm(b)
                            storeV(p, j, m00.times(a, sa) + m01.times(b, sb))
                            storeV(p, j &+ s, m10.times(a, sa) + m11.times(b, sb))
                            j &+= 4
                        }
                    }
                }
            }
        } else if controls.isEmpty && q < 2 && n >= 2 {
            // Four amplitudes per vector; the partner of lane k is lane k ^ (1 << q).
            let d: SplatLanes<R>, o: SplatLanes<R>
            if q == 0 {
                d = SplatLanes(m[0], m[3], m[0], m[3]); o = SplatLanes(m[1], m[2], m[1], m[2])
            } else {
                d = SplatLanes(m[0], m[0], m[3], m[3]); o = SplatLanes(m[1], m[1], m[2], m[2])
            }
            let quads = 1 << (n - 2)
            let kind = Self.kind(m)
            @inline(__always) func partner(_ v: SIMD8<R>) -> SIMD8<R> {
                q == 0 ? SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
                       : SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
            }
            parallelChunks(quads, threads: threads) { range in
                // one loop per matrix kind (the switch stays out of the loop)
                switch kind {
                case .real:
                    for k in range { let v = loadV(p, k &* 4); storeV(p, k &* 4, d.re * v + o.re * partner(v)) }
                case .realDiagonalImaginaryOff:
                    for k in range { let v = loadV(p, k &* 4); storeV(p, k &* 4, d.re * v + o.ims * swapReIm(partner(v))) }
                case .general:
                    for k in range {
                        let v = loadV(p, k &* 4), w = partner(v)
                        storeV(p, k &* 4, d.times(v, swapReIm(v)) + o.times(w, swapReIm(w)))
                    }
                }
            }
        } else {
            let a0 = R(m[0].re), b0 = R(m[0].im), a1 = R(m[1].re), b1 = R(m[1].im)
            let a2 = R(m[2].re), b2 = R(m[2].im), a3 = R(m[3].re), b3 = R(m[3].im)
            parallelChunks(pairs, threads: threads) { range in
                for k in range {
                    let i = 2 &* (ins.expand(k) | cmask), j = i &+ 2 &* s
                    let xr = p[i], xi = p[i + 1], yr = p[j], yi = p[j + 1]
                    p[i] = a0 * xr - b0 * xi + a1 * yr - b1 * yi
                    p[i + 1] = a0 * xi + b0 * xr + a1 * yi + b1 * yr
                    p[j] = a2 * xr - b2 * xi + a3 * yr - b3 * yi
                    p[j + 1] = a2 * xi + b2 * xr + a3 * yi + b3 * yr
                }
            }
        }
    }

    /// Multiplies by `c` every amplitude whose `fixed` bits (those of `ins`) equal those of `value`.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func phase<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, ins: ZeroInserter, fixed: Int, value: Int,
                                  factor c: Complex, threads: Int) {
        let count = 1 << (n - fixed)
        let L = min(ins.runLength, count)
        if L >= 4 {
            let f = SplatComplex<R>(c)
            parallelChunks(count / L, threads: threads) { range in
                for o in range {
                    let base = ins.expand(o &* L) | value
                    var j = base
                    while j < base &+ L {
                        let v = loadV(p, j)
                        storeV(p, j, f.times(v, swapReIm(v)))
                        j &+= 4
                    }
                }
            }
        } else {
            let cr = R(c.re), ci = R(c.im)
            parallelChunks(count, threads: threads) { range in
                for k in range {
                    let i = 2 &* (ins.expand(k) | value)
                    let xr = p[i], xi = p[i + 1]
                    p[i] = cr * xr - ci * xi
                    p[i + 1] = cr * xi + ci * xr
                }
            }
        }
    }

    /// Swaps the |0⟩ and |1⟩ amplitudes of `target` where all controls are 1 (X, CNOT, Toffoli).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func swapPairs<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape, threads: Int) {
        let q = shape.targets[0], cmask = shape.cmask
        let pairs = 1 << (n - 1 - shape.controls.count)
        let s = 1 << q
        let ins = shape.ins
        let L = min(ins.runLength, pairs)
        let lowControls = shape.controls.filter { $0 < 2 }
        if L < 4 && q >= 2 && !lowControls.isEmpty && n >= 4 + shape.controls.count - lowControls.count {
            // Controls on qubits 0/1 select lanes inside a vector: swap only those lanes.
            let high = shape.controls.filter { $0 >= 2 }
            let hmask = high.reduce(0) { $0 | (1 << $1) }, lmask = lowControls.reduce(0) { $0 | (1 << $1) }
            let ins2 = ZeroInserter([q] + high)
            let count = 1 << (n - 1 - high.count)
            // pick(a, b): a with the lanes whose low control bits are all 1 taken from b, as
            // constant blends (a runtime SIMDMask select, and a closure parameter, both compiled
            // to slow code here: 1.4–1.7× a full pass).
            @inline(__always) func pick(_ a: SIMD8<R>, _ b: SIMD8<R>) -> SIMD8<R> {
                switch lmask {
                case 1: SIMD8(a[0], a[1], b[2], b[3], a[4], a[5], b[6], b[7])
                case 2: SIMD8(a[0], a[1], a[2], a[3], b[4], b[5], b[6], b[7])
                default: SIMD8(a[0], a[1], a[2], a[3], a[4], a[5], b[6], b[7])
                }
            }
            if lmask == 2 {
                // control on qubit 1: amplitudes 2 and 3 of each vector, one contiguous half,
                // swap with the partner's; half the loads and stores, no blends (CNOT(1, 2))
                parallelChunks(count / 8, threads: threads) { range in
                    for o in range {
                        let j = (ins2.expand(o &* 8) | hmask) &+ 2, j2 = (ins2.expand(o &* 8 &+ 4) | hmask) &+ 2
                        let a = loadHalf(p, j), b = loadHalf(p, j &+ s), a2 = loadHalf(p, j2), b2 = loadHalf(p, j2 &+ s)
                        storeHalf(p, j, b); storeHalf(p, j &+ s, a); storeHalf(p, j2, b2); storeHalf(p, j2 &+ s, a2)
                    }
                }
                return
            }
            // two vectors per step (runs of one vector are the common case: CNOT(0, 2))
            parallelChunks(count / 8, threads: threads) { range in
                for o in range {
                    let j = ins2.expand(o &* 8) | hmask, j2 = ins2.expand(o &* 8 &+ 4) | hmask
                    let a = loadV(p, j), b = loadV(p, j &+ s), a2 = loadV(p, j2), b2 = loadV(p, j2 &+ s)
                    storeV(p, j, pick(a, b)); storeV(p, j &+ s, pick(b, a))
                    storeV(p, j2, pick(a2, b2)); storeV(p, j2 &+ s, pick(b2, a2))
                }
            }
            return
        }
        if q < 2 && n >= 3 && !shape.controls.isEmpty && shape.controls.allSatisfy({ $0 >= 2 }) {
            // Target on qubit 0/1, controls above: in the vectors where all controls are 1, swap
            // each lane with its partner (lane ^ 2^q); the other vectors are not touched.
            let ins3 = ZeroInserter(shape.controls)
            let count = 1 << (n - shape.controls.count)
            let L3 = min(ins3.runLength, count)
            parallelChunks(count / L3, threads: threads) { range in
                for o in range {
                    let base = ins3.expand(o &* L3) | cmask
                    var j = base
                    while j < base &+ L3 {
                        let v = loadV(p, j)
                        let w: SIMD8<R> = q == 0 ? SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
                                                 : SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
                        storeV(p, j, w)
                        j &+= 4
                    }
                }
            }
            return
        }
        if q < 2 && shape.controls == [1 - q] && n >= 2 {
            // CNOT between qubits 0 and 1: a fixed lane permutation of every 4-amplitude vector.
            parallelChunks(1 << (n - 2), threads: threads) { range in
                for k in range {
                    let v = loadV(p, k &* 4)
                    let w: SIMD8<R> = q == 1 ? SIMD8(v[0], v[1], v[6], v[7], v[4], v[5], v[2], v[3])
                                             : SIMD8(v[0], v[1], v[2], v[3], v[6], v[7], v[4], v[5])
                    storeV(p, k &* 4, w)
                }
            }
            return
        }
        if L == 4 && pairs >= 8 {
            // runs of one vector (lowest fixed bit 2): two runs per step, two vectors in flight
            parallelChunks(pairs / 8, threads: threads) { range in
                for o in range {
                    let j = ins.expand(o &* 8) | cmask, j2 = ins.expand(o &* 8 &+ 4) | cmask
                    let a = loadV(p, j), b = loadV(p, j &+ s), a2 = loadV(p, j2), b2 = loadV(p, j2 &+ s)
                    storeV(p, j, b); storeV(p, j &+ s, a); storeV(p, j2, b2); storeV(p, j2 &+ s, a2)
                }
            }
        } else if L >= 4 {
            parallelChunks(pairs / L, threads: threads) { range in
                for o in range {
                    let base = ins.expand(o &* L) | cmask
                    var j = base
                    while j &+ 8 <= base &+ L {
                        let a = loadV(p, j), b = loadV(p, j &+ s), a2 = loadV(p, j &+ 4), b2 = loadV(p, j &+ s &+ 4)
                        storeV(p, j, b); storeV(p, j &+ s, a); storeV(p, j &+ 4, b2); storeV(p, j &+ s &+ 4, a2)
                        j &+= 8
                    }
                    while j < base &+ L {
                        let a = loadV(p, j), b = loadV(p, j &+ s)
                        storeV(p, j, b); storeV(p, j &+ s, a)
                        j &+= 4
                    }
                }
            }
        } else {
            parallelChunks(pairs, threads: threads) { range in
                for k in range {
                    let i = 2 &* (ins.expand(k) | cmask), j = i &+ 2 &* s
                    let xr = p[i], xi = p[i + 1]
                    p[i] = p[j]; p[i + 1] = p[j + 1]
                    p[j] = xr; p[j + 1] = xi
                }
            }
        }
    }
}

/// Four per-lane complex factors as splat-style vectors (see `SplatComplex`).
@usableFromInline
struct SplatLanes<R: SimReal> {
    @usableFromInline var re: SIMD8<R>
    @usableFromInline var ims: SIMD8<R>
    init(_ a: Complex, _ b: Complex, _ c: Complex, _ d: Complex) {
        re = SIMD8(R(a.re), R(a.re), R(b.re), R(b.re), R(c.re), R(c.re), R(d.re), R(d.re))
        ims = SIMD8(R(-a.im), R(a.im), R(-b.im), R(b.im), R(-c.im), R(c.im), R(-d.im), R(d.im))
    }
    @inline(__always)
    func times(_ v: SIMD8<R>, _ sv: SIMD8<R>) -> SIMD8<R> { re * v + ims * sv }
}
