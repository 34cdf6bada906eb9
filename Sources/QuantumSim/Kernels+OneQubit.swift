import CKernels

/// One-qubit kernels on interleaved amplitudes: dense 2×2, phase on a subspace, controlled swap.
///
/// All loops run over "free" indices with the fixed bits (target, controls) inserted, so a
/// kernel touches only the amplitudes it changes. When the lowest fixed bit is ≥ 2 the free
/// indices come in contiguous runs of ≥ 4 amplitudes and the body is SIMD over 4 complex numbers
/// (the C loops of CKernels, one per instruction set); targets 0 and 1 without controls use
/// in-register shuffles. Threads split the outer loop here; scalar fallbacks stay in Swift.
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
            // Fewer operations for real matrices (H, RY) and for real-diagonal/imaginary-off-diagonal
            // ones (RX, SX up to phase): the loop is chosen once, outside.
            let kind = Self.kind(m).cKind
            let plain: Int32 = controls.isEmpty ? 1 : 0
            let inserter = shape.cIns
            parallelChunks(pairs / L, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_pair_runs(R.kernelFlag, p, kind, interleaved(m), s, L, c, cmask, plain,
                                        range.lowerBound, range.upperBound)
                }
            }
        } else if controls.isEmpty && q < 2 && n >= 2 {
            // Four amplitudes per vector; the partner of lane k is lane k ^ (1 << q).
            let kind = Self.kind(m).cKind
            parallelChunks(1 << (n - 2), threads: threads) { range in
                quanta_sv_pair_lanes(R.kernelFlag, p, kind, interleaved(m), Int32(q), range.lowerBound, range.upperBound)
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
            let inserter = ins.cInserter
            parallelChunks(count / L, threads: threads) { range in
                withUnsafePointer(to: c) { f in
                    withUnsafePointer(to: inserter) { cIns in
                        quanta_sv_phase_runs(R.kernelFlag, p, interleaved(f), L, cIns, value,
                                             range.lowerBound, range.upperBound)
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
            // lmask 2 (control on qubit 1) swaps one contiguous half of each vector; otherwise
            // the lanes are blended with constant shuffles, two vectors per step
            let inserter = ins2.cInserter
            parallelChunks(count / 8, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_swap_lanes(R.kernelFlag, p, Int32(lmask), s, c, hmask, range.lowerBound, range.upperBound)
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
            let inserter = ins3.cInserter
            parallelChunks(count / L3, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_swap_low_target(R.kernelFlag, p, Int32(q), L3, c, cmask, range.lowerBound, range.upperBound)
                }
            }
            return
        }
        if q < 2 && shape.controls == [1 - q] && n >= 2 {
            // CNOT between qubits 0 and 1: a fixed lane permutation of every 4-amplitude vector.
            parallelChunks(1 << (n - 2), threads: threads) { range in
                quanta_sv_swap_cnot01(R.kernelFlag, p, Int32(q), range.lowerBound, range.upperBound)
            }
            return
        }
        if L >= 4 && (L > 4 || pairs >= 8) {
            // runs of one vector (lowest fixed bit 2) go two runs per step, two vectors in flight
            let steps = L == 4 ? pairs / 8 : pairs / L
            let inserter = shape.cIns
            parallelChunks(steps, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_swap_runs(R.kernelFlag, p, s, L, c, cmask, range.lowerBound, range.upperBound)
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
