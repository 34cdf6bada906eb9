import CKernels

/// Dense kernels on k ≥ 2 target qubits (plus controls).
///
/// Targets are in matrix order: `targets[0]` is the most significant bit of the local index.
enum MultiQubitKernels {

    /// ψ ← (controlled) M ψ for a dense `2ᵏ×2ᵏ` matrix on `targets`. O(4ᵏ·2^(n−k)).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func dense<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                  matrix mp0: UnsafePointer<Complex>, threads: Int) {
        let k = shape.k
        let d = 1 << k
        let m = Array(UnsafeBufferPointer(start: mp0, count: d * d))
        let cmask = shape.cmask
        let groups = 1 << (n - k - shape.controls.count)
        let ins = shape.ins
        let L = min(ins.runLength, groups)
        let off = shape.offsets
        if L >= 4 {
            let inserter = ins.cInserter
            parallelChunks(groups / L, threads: threads) { range in
                off.withUnsafeBufferPointer { op in
                    withUnsafePointer(to: inserter) { c in
                        quanta_sv_densek_runs(R.kernelFlag, p, interleaved(mp0), Int32(k), op.baseAddress, L, c, cmask,
                                              range.lowerBound, range.upperBound)
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
    static func dense2<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                   matrix m: UnsafePointer<Complex>, threads: Int) {
        let cmask = shape.cmask
        let groups = 1 << (n - 2 - shape.controls.count)
        let ins = shape.ins
        let L = min(ins.runLength, groups)
        let o1 = 1 << shape.targets[0], o2 = 1 << shape.targets[1], o3 = o1 | o2
        if L >= 4 {
            let inserter = ins.cInserter
            parallelChunks(groups / L, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_dense2_runs(R.kernelFlag, p, interleaved(m), o1, o2, L, c, cmask,
                                          range.lowerBound, range.upperBound)
                }
            }
        } else {
            var mr = [R](repeating: 0, count: 16), mi = mr
            for i in 0..<16 { mr[i] = R(m[i].re); mi[i] = R(m[i].im) }
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
