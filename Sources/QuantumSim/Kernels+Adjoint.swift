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
            let u00 = SplatComplex<R>(ud(0, 0)), u01 = SplatComplex<R>(ud(0, 1)), u10 = SplatComplex<R>(ud(1, 0)), u11 = SplatComplex<R>(ud(1, 1))
            let runs = L >= 4
            let outer = runs ? groups / L : 1 << (n - 2)
            // in-register layout for q < 2: diagonal lanes d·v + o·partner(v)
            let dl: SplatLanes<R>, ol: SplatLanes<R>
            if q == 0 {
                dl = SplatLanes(ud(0, 0), ud(1, 1), ud(0, 0), ud(1, 1)); ol = SplatLanes(ud(0, 1), ud(1, 0), ud(0, 1), ud(1, 0))
            } else {
                dl = SplatLanes(ud(0, 0), ud(0, 0), ud(1, 1), ud(1, 1)); ol = SplatLanes(ud(0, 1), ud(0, 1), ud(1, 0), ud(1, 0))
            }
            parallelChunks(chunks, threads: chunks) { crange in
                for ci in crange {
                    var a00 = SIMD8<R>(), a01 = SIMD8<R>(), a10 = SIMD8<R>(), a11 = SIMD8<R>()
                    var b00 = SIMD8<R>(), b01 = SIMD8<R>(), b10 = SIMD8<R>(), b11 = SIMD8<R>()
                    let lo = outer * ci / chunks, hi = outer * (ci + 1) / chunks
                    if runs {
                        for o in lo..<hi {
                            let base = ins.expand(o &* L) | cmask
                            var j = base
                            while j < base &+ L {
                                let x0 = loadV(phi, j), x1 = loadV(phi, j &+ s)
                                let sx0 = swapReIm(x0), sx1 = swapReIm(x1)
                                let f0 = u00.times(x0, sx0) + u01.times(x1, sx1)
                                let f1 = u10.times(x0, sx0) + u11.times(x1, sx1)
                                storeV(phi, j, f0); storeV(phi, j &+ s, f1)
                                let y0 = loadV(lam, j), y1 = loadV(lam, j &+ s)
                                let sy0 = swapReIm(y0), sy1 = swapReIm(y1)
                                a00 += f0 * y0; b00 += f0 * sy0
                                a01 += f0 * y1; b01 += f0 * sy1
                                a10 += f1 * y0; b10 += f1 * sy0
                                a11 += f1 * y1; b11 += f1 * sy1
                                storeV(lam, j, u00.times(y0, sy0) + u01.times(y1, sy1))
                                storeV(lam, j &+ s, u10.times(y0, sy0) + u11.times(y1, sy1))
                                j &+= 4
                            }
                        }
                    } else {
                        // a00/b00 collect same-lane products, a01/b01 partner-lane products.
                        for t in lo..<hi {
                            let v = loadV(phi, t &* 4), y = loadV(lam, t &* 4)
                            let w: SIMD8<R> = q == 0 ? SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
                                                     : SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
                            let yw: SIMD8<R> = q == 0 ? SIMD8(y[2], y[3], y[0], y[1], y[6], y[7], y[4], y[5])
                                                      : SIMD8(y[4], y[5], y[6], y[7], y[0], y[1], y[2], y[3])
                            let f = dl.times(v, swapReIm(v)) + ol.times(w, swapReIm(w))
                            storeV(phi, t &* 4, f)
                            let sy = swapReIm(y), syw = swapReIm(yw)
                            a00 += f * y; b00 += f * sy
                            a01 += f * yw; b01 += f * syw
                            storeV(lam, t &* 4, dl.times(y, sy) + ol.times(yw, syw))
                        }
                    }
                    // φ·conj(λ) per complex lane l: re = a[2l] + a[2l+1], im = b[2l+1] − b[2l].
                    func lane(_ a: SIMD8<R>, _ b: SIMD8<R>, _ l: Int) -> Complex {
                        Complex(a[2 * l].double + a[2 * l + 1].double, b[2 * l + 1].double - b[2 * l].double)
                    }
                    let out = parts + ci * 4
                    if runs {
                        var r = [Complex](repeating: .zero, count: 4)
                        for l in 0..<4 {
                            r[0] += lane(a00, b00, l); r[1] += lane(a01, b01, l)
                            r[2] += lane(a10, b10, l); r[3] += lane(a11, b11, l)
                        }
                        for i in 0..<4 { out[i] = r[i] }
                    } else {
                        // lanes with local bit 0: q=0 → 0,2; q=1 → 0,1
                        let zeroLanes = q == 0 ? [0, 2] : [0, 1], oneLanes = q == 0 ? [1, 3] : [2, 3]
                        var r00 = Complex.zero, r11 = Complex.zero, r01 = Complex.zero, r10 = Complex.zero
                        for l in zeroLanes { r00 += lane(a00, b00, l); r01 += lane(a01, b01, l) }
                        for l in oneLanes { r11 += lane(a00, b00, l); r10 += lane(a01, b01, l) }
                        out[0] = r00; out[1] = r01; out[2] = r10; out[3] = r11
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
