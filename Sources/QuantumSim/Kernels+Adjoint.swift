import CKernels

/// The fused backward step of the adjoint method for one gate U on targets (with controls):
/// φ ← U†φ, then R[c][r] = Σ φ_c·conj(λ_r) over the groups where controls hold, then λ ← U†λ —
/// one pass over both states. With R, every derivative of the gate is `⟨λ|∂U|φ⟩ = Tr(∂U·R)`.
enum AdjointKernels {
    /// Writes R (row-major `d×d`, d = 2^targets) to `rOut` and updates `phi`, `lam` in place.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func backwardStep<R: SimReal>(phi: UnsafeMutablePointer<R>, lam: UnsafeMutablePointer<R>, qubits n: Int,
                                         shape: KernelShape, matrix m: UnsafePointer<Complex>,
                                         rOut: UnsafeMutablePointer<Complex>, threads: Int) {
        let k = shape.k, d = 1 << k
        let cmask = shape.cmask
        let groups = 1 << (n - k - shape.controls.count)
        let ins = shape.ins
        let L = min(ins.runLength, groups)
        let chunks = max(1, min(threads, groups / max(min(L, groups), 1)))
        let parts = chunks == 1 ? rOut : UnsafeMutablePointer<Complex>.allocate(capacity: chunks * d * d)
        defer { if chunks > 1 { parts.deallocate() } }
        // U† entries
        func ud(_ r: Int, _ c: Int) -> Complex { m[c * d + r].conjugate }
        if k == 1 && (L >= 4 || (shape.controls.isEmpty && shape.targets[0] < 2 && n >= 2)) {
            let q = shape.targets[0], s = 1 << q
            // a tuple is laid out like a C array and needs no allocation per gate
            let udagger = (ud(0, 0), ud(0, 1), ud(1, 0), ud(1, 1))
            let runs = L >= 4
            let outer = runs ? groups / L : 1 << (n - 2)
            let inserter = shape.cIns
            withUnsafePointer(to: udagger) { u in
                let um = UnsafeRawPointer(u).assumingMemoryBound(to: Double.self)
                parallelChunks(chunks, threads: chunks) { crange in
                    for ci in crange {
                        let lo = outer * ci / chunks, hi = outer * (ci + 1) / chunks
                        let out = UnsafeMutableRawPointer(parts + ci * 4).assumingMemoryBound(to: Double.self)
                        if runs {
                            withUnsafePointer(to: inserter) { c in
                                quanta_sv_adjoint1_runs(R.kernelFlag, phi, lam, um, s, L, c, cmask, lo, hi, out)
                            }
                        } else {
                            quanta_sv_adjoint1_lanes(R.kernelFlag, phi, lam, um, Int32(q), lo, hi, out)
                        }
                    }
                }
            }
        } else {
            let urp = UnsafeMutablePointer<R>.allocate(capacity: 2 * d * d)
            defer { urp.deallocate() }
            let uip = urp + d * d
            for r in 0..<d { for c in 0..<d { let z = ud(r, c); urp[r * d + c] = R(z.re); uip[r * d + c] = R(z.im) } }
            let off = shape.offsets
            parallelChunks(chunks, threads: chunks) { crange in
                let buf = UnsafeMutablePointer<R>.allocate(capacity: 6 * d)
                defer { buf.deallocate() }
                let fr = buf, fi = buf + d, xr = buf + 2 * d, xi = buf + 3 * d, yr = buf + 4 * d, yi = buf + 5 * d
                off.withUnsafeBufferPointer { op in
                    for ci in crange {
                        let acc = parts + ci * d * d
                        acc.initialize(repeating: .zero, count: d * d)
                        for g in (groups * ci / chunks)..<(groups * (ci + 1) / chunks) {
                            let base = ins.expand(g) | cmask
                            for c in 0..<d {
                                let i = 2 &* (base &+ op[c])
                                xr[c] = phi[i]; xi[c] = phi[i + 1]; yr[c] = lam[i]; yi[c] = lam[i + 1]
                            }
                            for r in 0..<d {
                                var sr: R = 0, si: R = 0, tr: R = 0, ti: R = 0
                                for c in 0..<d {
                                    let a = urp[r &* d &+ c], b = uip[r &* d &+ c]
                                    sr += a * xr[c] - b * xi[c]; si += a * xi[c] + b * xr[c]
                                    tr += a * yr[c] - b * yi[c]; ti += a * yi[c] + b * yr[c]
                                }
                                fr[r] = sr; fi[r] = si
                                let i = 2 &* (base &+ op[r])
                                phi[i] = sr; phi[i + 1] = si; lam[i] = tr; lam[i + 1] = ti
                            }
                            for c in 0..<d {
                                let pr = fr[c].double, pi = fi[c].double
                                for r in 0..<d {
                                    let lr = yr[r].double, li = yi[r].double
                                    acc[c * d + r].re += pr * lr + pi * li
                                    acc[c * d + r].im += pi * lr - pr * li
                                }
                            }
                        }
                    }
                }
            }
        }
        if chunks > 1 {
            for i in 0..<(d * d) {
                var s = Complex.zero
                for ci in 0..<chunks { s += parts[ci * d * d + i] }
                rOut[i] = s
            }
        }
    }

    /// `Re Tr(M·X)` = Re Σ_{r,c} M[r][c]·X[c][r] for `d×d` matrices.
    @inline(__always)
    static func realTrace(_ m: UnsafePointer<Complex>, _ x: UnsafePointer<Complex>, _ d: Int) -> Double {
        var s = 0.0
        for i in 0..<d { for j in 0..<d { s += (m[i * d + j] * x[j * d + i]).re } }
        return s
    }
}
