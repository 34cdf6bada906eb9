import CMemoryHints

/// Pauli expectations as SIMD sums over 4 amplitudes at a time: one read of the state, O(2ⁿ).
///
/// Off-diagonal strings (masks x, z with x ≠ 0): `⟨ψ|P|ψ⟩ = i^{#Y} · S` with
/// `S = Σ_j (−1)^{|j∧z|} · conj(ψ_{j⊕x}) · ψ_j`. Diagonal sums: `Σ_j d(j) · |ψ_j|²` with d
/// split into two tables (`SplitDiagonal`).
extension ObservableKernels {
    /// Σ_j d(j)·|ψ_j|² with d(j) = low[j mod 2^k] + high[j >> k]. The low table is widened to
    /// one entry per real slot, so 4 amplitudes take one load of weights. Measured at n = 22,
    /// 1 thread: 2.4 ms for Z0 and for Σ_q Z_q alike (the former scalar loop: 3.0 ms).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func diagonalSum<R: SimReal>(_ p: UnsafePointer<R>, qubits n: Int, _ d: SplitDiagonal) -> Double {
        guard d.k >= 3 else {
            var s = 0.0
            for j in 0..<(1 << n) { s += d.value(j) * (p[2 * j].double * p[2 * j].double + p[2 * j + 1].double * p[2 * j + 1].double) }
            return s
        }
        let m = UnsafeMutablePointer(mutating: p)  // only read
        let slots = d.low.flatMap { [R($0), R($0)] }, high = d.high.map { R($0) }
        let run = 1 << d.k
        return slots.withUnsafeBufferPointer { w in
            let weights = UnsafeMutablePointer(mutating: w.baseAddress!)
            var total = 0.0
            // one block per high index: its weight is one splat, the low weights stay in L1
            for (block, h) in high.enumerated() {
                let base = block &* run, hv = SIMD8<R>(repeating: h)
                var acc0 = SIMD8<R>(), acc1 = SIMD8<R>()
                for l in stride(from: 0, to: run, by: 8) {
                    let a0 = loadV(m, base &+ l), a1 = loadV(m, base &+ l &+ 4)
                    acc0 += (loadV(weights, l) + hv) * a0 * a0
                    acc1 += (loadV(weights, l &+ 4) + hv) * a1 * a1
                }
                total += (acc0 + acc1).sum().double
            }
            return total
        }
    }

    /// S (see above; x = 0 gives the diagonal sum Σ_j (−1)^{|j∧z|} |ψ_j|²). When x has a bit
    /// h ≥ 2, only the j with bit h clear are visited: with w = conj(ψ_{j⊕x})·ψ_j and
    /// σ = (−1)^{|x∧z|}, the pair (j, j⊕x) adds
    /// (−1)^{|j∧z|}·(w + σ·conj(w)), i.e. 2·Re w or 2i·Im w, so each amplitude is read once.
    /// Bits 0 and 1 of x permute the 4 lanes of a vector. Sums run in R over blocks of 1024
    /// vectors and in Double across blocks. Measured at n = 22, 1 thread, against the former
    /// scalar loop: X0 4.0 → 1.7 ms, Y3 X9 8.2 → 2.2 ms (with `farPrefetch`); Z0 Z21 (x = 0)
    /// 12.3 → 1.8 ms.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func flipSum<R: SimReal>(_ p: UnsafePointer<R>, qubits n: Int, x: Int, z: Int) -> Complex {
        precondition(x >= 0 && x >> n == 0, "flipSum: x mask \(x) on \(n) qubits")
        guard n >= 3 else { return flipSumScalar(p, qubits: n, x: x, z: z) }
        let m = UnsafeMutablePointer(mutating: p)  // only read: the vector loads take a mutable pointer
        let lanes = x & 3, far = x & ~3
        let plus = laneSigns(R.self, z & 3), minus = -plus
        @inline(__always) func sign(_ j: Int) -> SIMD8<R> { (j & z).nonzeroBitCount & 1 == 0 ? plus : minus }
        if far == 0 {
            // the partner of every amplitude is in its own vector
            let (re, im) = blockSums(vectors: 1 << (n - 2)) { v, accRe, accIm in
                let j = v &* 4
                let a = loadV(m, j), b = permuteLanes(a, lanes), s = sign(j)
                accRe += s * b * a
                accIm += s * swapReIm(b) * a
            }
            return Complex(re, im)
        }
        let h = Int.bitWidth - 1 - far.leadingZeroBitCount, below = (1 << h) &- 1
        let sigmaOdd = (x & z).nonzeroBitCount & 1 == 1
        let ahead = farPrefetch(highestBit: h, qubits: n, R.self)
        let (re, im) = blockSums(vectors: 1 << (n - 3)) { v, accRe, accIm in
            let t = v &* 4
            let j = (t & below) | ((t & ~below) << 1), k = j ^ far
            if ahead > 0 && v & 3 == 0 {
                OneQubitKernels.prefetch16(m, (j &+ ahead) & ~15); OneQubitKernels.prefetch16(m, (k &+ ahead) & ~15)
            }
            let a = loadV(m, j), b = permuteLanes(loadV(m, k), lanes), s = sign(j)
            if sigmaOdd { accIm += s * swapReIm(b) * a } else { accRe += s * b * a }
        }
        return Complex(2 * re, 2 * im)
    }

    /// Amplitudes to prefetch ahead of both streams in `flipSum` (0: none). With the highest X bit
    /// h in 5…11 the two streams alternate every 2^h amplitudes inside the same pages, which the
    /// hardware prefetchers follow badly (the gate kernels' targets 5…10 show the same). Measured at
    /// n = 22, 1 thread: X5 3.9 → 2.1 ms, X7 4.1 → 2.1, Y3 X9 3.9 → 2.2, X10 2.7 → 1.9, X11 2.2 →
    /// 2.0; at h ≤ 4 or ≥ 12 it cost 0.2–0.5 ms. 64 amplitudes ahead: 32 was as good, 256 worse.
    static func farPrefetch<R>(highestBit h: Int, qubits n: Int, _: R.Type) -> Int {
        (5...11).contains(h) && (2 * MemoryLayout<R>.stride) << n > 2 << 20 ? 64 : 0
    }

    /// Runs `body(v, &accRe, &accIm)` for v in 0..<vectors and returns (Σ accRe, Σ odd − even
    /// lanes of accIm): the real and imaginary parts of Σ conj(b)·a when the body adds b⊙a and
    /// swapReIm(b)⊙a.
    @inline(__always)
    static func blockSums<R: SimReal>(vectors: Int, _ body: (Int, inout SIMD8<R>, inout SIMD8<R>) -> Void)
        -> (Double, Double) {
        let alternating = SIMD8<R>(-1, 1, -1, 1, -1, 1, -1, 1)
        var re = 0.0, im = 0.0
        for start in stride(from: 0, to: vectors, by: 1024) {
            var accRe = SIMD8<R>(), accIm = SIMD8<R>()
            for v in start..<min(start + 1024, vectors) { body(v, &accRe, &accIm) }
            re += accRe.sum().double
            im += (accIm * alternating).sum().double
        }
        return (re, im)
    }

    /// Lane l of the result is lane l ⊕ `flip` of `v` (4 complex lanes, `flip` in 0…3).
    @inline(__always)
    static func permuteLanes<R: SIMDScalar>(_ v: SIMD8<R>, _ flip: Int) -> SIMD8<R> {
        switch flip {
        case 0: v
        case 1: SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
        case 2: SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
        default: SIMD8(v[6], v[7], v[4], v[5], v[2], v[3], v[0], v[1])
        }
    }

    /// (−1)^{|l ∧ z|} for the 4 lanes l, each on both its real and imaginary slot.
    static func laneSigns<R: SimReal>(_: R.Type, _ z: Int) -> SIMD8<R> {
        var s = SIMD8<R>()
        for l in 0..<4 { let v: R = (l & z).nonzeroBitCount & 1 == 0 ? 1 : -1; s[2 * l] = v; s[2 * l + 1] = v }
        return s
    }

    /// S by a plain loop over all j (states of fewer than 3 qubits).
    static func flipSumScalar<R: SimReal>(_ p: UnsafePointer<R>, qubits n: Int, x: Int, z: Int) -> Complex {
        var re = 0.0, im = 0.0
        for j in 0..<(1 << n) {
            let k = j ^ x
            let ar = p[2 * k].double, ai = p[2 * k + 1].double, br = p[2 * j].double, bi = p[2 * j + 1].double
            let sgn: Double = (j & z).nonzeroBitCount & 1 == 0 ? 1 : -1
            re += sgn * (ar * br + ai * bi)
            im += sgn * (ar * bi - ai * br)
        }
        return Complex(re, im)
    }
}

/// O·ψ for Pauli strings, SIMD over 4 amplitudes (the adjoint method's λ = Σ g_k O_k ψ).
extension ObservableKernels {
    /// dst += f · P' · src with P'|j⟩ = (−1)^{|j∧z|} |j⊕x⟩ (f carries i^{#Y}, the coefficient and
    /// the upstream weight). Destination vector i takes source vector i ⊕ (x & ~3) with its lanes
    /// permuted by x & 3; x = 0 is a signed diagonal. One read of src, one read-write of dst.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func flipApply<R: SimReal>(_ src: UnsafePointer<R>, into dst: UnsafeMutablePointer<R>, qubits n: Int,
                                      x: Int, z: Int, scale f: Complex) {
        precondition(x >= 0 && x >> n == 0, "flipApply: x mask \(x) on \(n) qubits")
        guard n >= 2 else {
            for j in 0..<(1 << n) {
                let k = j ^ x, sgn: Double = (j & z).nonzeroBitCount & 1 == 0 ? 1 : -1
                let br = src[2 * j].double, bi = src[2 * j + 1].double
                dst[2 * k] += R(sgn * (f.re * br - f.im * bi))
                dst[2 * k + 1] += R(sgn * (f.re * bi + f.im * br))
            }
            return
        }
        let s = UnsafeMutablePointer(mutating: src)  // only read
        let lanes = x & 3, far = x & ~3
        // the sign belongs to the source index j = i ⊕ x: its lanes are permuted like the values
        let plus = permuteLanes(laneSigns(R.self, z & 3), lanes), minus = -plus
        let c = SplatComplex<R>(f)
        for v in 0..<(1 << (n - 2)) {
            let i = v &* 4, j = i ^ far
            let b = permuteLanes(loadV(s, j), lanes) * ((j & z).nonzeroBitCount & 1 == 0 ? plus : minus)
            storeV(dst, i, loadV(dst, i) + c.times(b, swapReIm(b)))
        }
    }
}
