/// Dense kernels on k ≥ 2 target qubits (plus controls).
///
/// Targets are in matrix order: `targets[0]` is the most significant bit of the local index.
enum MultiQubitKernels {
    /// Local-index → amplitude offset table for `targets` (first = most significant).
    static func offsets(_ targets: [Int]) -> [Int] {
        let k = targets.count
        return (0..<(1 << k)).map { l in
            var o = 0
            for j in 0..<k where (l >> (k - 1 - j)) & 1 == 1 { o |= 1 << targets[j] }
            return o
        }
    }

    /// ψ ← (controlled) M ψ for a dense `2ᵏ×2ᵏ` matrix on `targets`. O(4ᵏ·2^(n−k)).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func dense<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, targets: [Int],
                                  controls: [Int], matrix m: [Complex], threads: Int) {
        let k = targets.count
        if k == 2 { dense2(p, qubits: n, targets: targets, controls: controls, matrix: m, threads: threads); return }
        let d = 1 << k
        let cmask = controls.reduce(0) { $0 | (1 << $1) }
        let groups = 1 << (n - k - controls.count)
        let ins = ZeroInserter(targets + controls)
        let L = min(ins.runLength, groups)
        let off = offsets(targets)
        if L >= 4 {
            let splat = m.map { SplatComplex<R>($0) }
            parallelChunks(groups / L, threads: threads) { range in
                let v = UnsafeMutablePointer<SIMD8<R>>.allocate(capacity: 2 * d)
                defer { v.deallocate() }
                let sv = v + d
                splat.withUnsafeBufferPointer { mp in
                    off.withUnsafeBufferPointer { op in
                        for o in range {
                            let base = ins.expand(o &* L) | cmask
                            var j = base
                            while j < base &+ L {
                                for c in 0..<d { let x = loadV(p, j &+ op[c]); v[c] = x; sv[c] = swapReIm(x) }
                                for r in 0..<d {
                                    var acc = mp[r &* d].times(v[0], sv[0])
                                    for c in 1..<d { acc += mp[r &* d &+ c].times(v[c], sv[c]) }
                                    storeV(p, j &+ op[r], acc)
                                }
                                j &+= 4
                            }
                        }
                    }
                }
            }
        } else {
            let mr = m.map { R($0.re) }, mi = m.map { R($0.im) }
            parallelChunks(groups, threads: threads) { range in
                let xr = UnsafeMutablePointer<R>.allocate(capacity: 2 * d)
                defer { xr.deallocate() }
                let xi = xr + d
                mr.withUnsafeBufferPointer { mrp in mi.withUnsafeBufferPointer { mip in off.withUnsafeBufferPointer { op in
                    for g in range {
                        let base = ins.expand(g) | cmask
                        for c in 0..<d { let i = 2 &* (base &+ op[c]); xr[c] = p[i]; xi[c] = p[i + 1] }
                        for r in 0..<d {
                            var sr: R = 0, si: R = 0
                            for c in 0..<d {
                                let a = mrp[r &* d &+ c], b = mip[r &* d &+ c]
                                sr += a * xr[c] - b * xi[c]
                                si += a * xi[c] + b * xr[c]
                            }
                            let i = 2 &* (base &+ op[r])
                            p[i] = sr; p[i + 1] = si
                        }
                    }
                } } }
            }
        }
    }

    /// Two-qubit dense kernel, fully unrolled.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func dense2<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, targets: [Int],
                                   controls: [Int], matrix m: [Complex], threads: Int) {
        let cmask = controls.reduce(0) { $0 | (1 << $1) }
        let groups = 1 << (n - 2 - controls.count)
        let ins = ZeroInserter(targets + controls)
        let L = min(ins.runLength, groups)
        let o1 = 1 << targets[0], o2 = 1 << targets[1], o3 = o1 | o2
        if L >= 4 {
            let s = m.map { SplatComplex<R>($0) }
            let (m00, m01, m02, m03) = (s[0], s[1], s[2], s[3])
            let (m10, m11, m12, m13) = (s[4], s[5], s[6], s[7])
            let (m20, m21, m22, m23) = (s[8], s[9], s[10], s[11])
            let (m30, m31, m32, m33) = (s[12], s[13], s[14], s[15])
            parallelChunks(groups / L, threads: threads) { range in
                for o in range {
                    let base = ins.expand(o &* L) | cmask
                    var j = base
                    while j < base &+ L {
                        let a = loadV(p, j), b = loadV(p, j &+ o2), c = loadV(p, j &+ o1), d = loadV(p, j &+ o3)
                        let sa = swapReIm(a), sb = swapReIm(b), sc = swapReIm(c), sd = swapReIm(d)
                        storeV(p, j, m00.times(a, sa) + m01.times(b, sb) + m02.times(c, sc) + m03.times(d, sd))
                        storeV(p, j &+ o2, m10.times(a, sa) + m11.times(b, sb) + m12.times(c, sc) + m13.times(d, sd))
                        storeV(p, j &+ o1, m20.times(a, sa) + m21.times(b, sb) + m22.times(c, sc) + m23.times(d, sd))
                        storeV(p, j &+ o3, m30.times(a, sa) + m31.times(b, sb) + m32.times(c, sc) + m33.times(d, sd))
                        j &+= 4
                    }
                }
            }
        } else {
            let mr = m.map { R($0.re) }, mi = m.map { R($0.im) }
            parallelChunks(groups, threads: threads) { range in
                mr.withUnsafeBufferPointer { a in mi.withUnsafeBufferPointer { b in
                    for g in range {
                        let base = ins.expand(g) | cmask
                        let i0 = 2 &* base, i1 = 2 &* (base &+ o2), i2 = 2 &* (base &+ o1), i3 = 2 &* (base &+ o3)
                        let x0r = p[i0], x0i = p[i0 + 1], x1r = p[i1], x1i = p[i1 + 1]
                        let x2r = p[i2], x2i = p[i2 + 1], x3r = p[i3], x3i = p[i3 + 1]
                        @inline(__always) func row(_ q: Int, _ i: Int) {
                            let re1 = a[q] * x0r - b[q] * x0i + a[q + 1] * x1r - b[q + 1] * x1i
                            let re2 = a[q + 2] * x2r - b[q + 2] * x2i + a[q + 3] * x3r - b[q + 3] * x3i
                            let im1 = a[q] * x0i + b[q] * x0r + a[q + 1] * x1i + b[q + 1] * x1r
                            let im2 = a[q + 2] * x2i + b[q + 2] * x2r + a[q + 3] * x3i + b[q + 3] * x3r
                            p[i] = re1 + re2; p[i + 1] = im1 + im2
                        }
                        row(0, i0); row(4, i1); row(8, i2); row(12, i3)
                    }
                } }
            }
        }
    }
}
