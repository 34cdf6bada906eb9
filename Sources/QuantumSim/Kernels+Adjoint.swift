/// The fused backward step of the adjoint method for one gate U on targets (with controls):
/// φ ← U†φ, then R[c][r] = Σ φ_c·conj(λ_r) over the groups where controls hold, then λ ← U†λ —
/// one pass over both states. With R, every derivative of the gate is `⟨λ|∂U|φ⟩ = Tr(∂U·R)`.
enum AdjointKernels {
    /// Returns R (row-major `d×d`, d = 2^targets) and updates `phi`, `lam` in place.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func backwardStep<R: SimReal>(phi: UnsafeMutablePointer<R>, lam: UnsafeMutablePointer<R>, qubits n: Int,
                                         gate: BoundGate, threads: Int) -> [Complex] {
        let k = gate.targets.count
        let d = 1 << k
        let u = Instruction.daggered(gate.matrix)
        let cmask = gate.controls.reduce(0) { $0 | (1 << $1) }
        let groups = 1 << (n - k - gate.controls.count)
        let ins = ZeroInserter(gate.targets + gate.controls)
        let L = min(ins.runLength, groups)
        let chunks = max(1, min(threads, groups / max(L, 1)))
        var partial = [[Complex]](repeating: [Complex](repeating: .zero, count: d * d), count: chunks)
        if k == 1 && L >= 4 {
            let q = gate.targets[0], s = 1 << q
            let u00 = SplatComplex<R>(u[0]), u01 = SplatComplex<R>(u[1]), u10 = SplatComplex<R>(u[2]), u11 = SplatComplex<R>(u[3])
            let outer = groups / L
            partial.withUnsafeMutableBufferPointer { parts in
                parallelChunks(chunks, threads: chunks) { crange in
                    for ci in crange {
                        var a00 = SIMD8<R>(), a01 = SIMD8<R>(), a10 = SIMD8<R>(), a11 = SIMD8<R>()
                        var b00 = SIMD8<R>(), b01 = SIMD8<R>(), b10 = SIMD8<R>(), b11 = SIMD8<R>()
                        for o in (outer * ci / chunks)..<(outer * (ci + 1) / chunks) {
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
                        // φ·conj(λ): re = Σ(φr λr + φi λi), im = Σ(φi λr − φr λi).
                        func reduce(_ a: SIMD8<R>, _ b: SIMD8<R>) -> Complex {
                            var re = 0.0, im = 0.0
                            for l in stride(from: 0, to: 8, by: 2) {
                                re += a[l].double + a[l + 1].double
                                im += b[l + 1].double - b[l].double
                            }
                            return Complex(re, im)
                        }
                        parts[ci] = [reduce(a00, b00), reduce(a01, b01), reduce(a10, b10), reduce(a11, b11)]
                    }
                }
            }
        } else {
            let ur = u.map { R($0.re) }, ui = u.map { R($0.im) }
            let off = MultiQubitKernels.offsets(gate.targets)
            partial.withUnsafeMutableBufferPointer { parts in
                parallelChunks(chunks, threads: chunks) { crange in
                    for ci in crange {
                        var acc = [Complex](repeating: .zero, count: d * d)
                        var fr = [R](repeating: 0, count: d), fi = fr, xr = fr, xi = fr, yr = fr, yi = fr
                        for g in (groups * ci / chunks)..<(groups * (ci + 1) / chunks) {
                            let base = ins.expand(g) | cmask
                            for c in 0..<d {
                                let i = 2 &* (base &+ off[c])
                                xr[c] = phi[i]; xi[c] = phi[i + 1]; yr[c] = lam[i]; yi[c] = lam[i + 1]
                            }
                            for r in 0..<d {
                                var sr: R = 0, si: R = 0, tr: R = 0, ti: R = 0
                                for c in 0..<d {
                                    let a = ur[r &* d &+ c], b = ui[r &* d &+ c]
                                    sr += a * xr[c] - b * xi[c]; si += a * xi[c] + b * xr[c]
                                    tr += a * yr[c] - b * yi[c]; ti += a * yi[c] + b * yr[c]
                                }
                                fr[r] = sr; fi[r] = si
                                let i = 2 &* (base &+ off[r])
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
                        parts[ci] = acc
                    }
                }
            }
        }
        var total = partial[0]
        for p in partial.dropFirst() { for i in total.indices { total[i] += p[i] } }
        return total
    }

    /// `Re Tr(M·R)` = Re Σ_{r,c} M[r][c]·R[c][r].
    static func realTrace(_ m: [Complex], _ r: [Complex]) -> Double {
        let d = Int(Double(m.count).squareRoot().rounded())
        var s = 0.0
        for i in 0..<d { for j in 0..<d { s += (m[i * d + j] * r[j * d + i]).re } }
        return s
    }
}
