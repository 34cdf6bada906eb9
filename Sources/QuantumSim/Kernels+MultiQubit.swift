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
        let cmask = shape.cmask
        let groups = 1 << (n - k - shape.controls.count)
        let ins = shape.ins
        let L = min(ins.runLength, groups)
        let off = shape.offsets
        if L >= 4 {
            let inserter = shape.cIns
            parallelChunks(groups / L, threads: threads) { range in
                off.withUnsafeBufferPointer { op in
                    withUnsafePointer(to: inserter) { c in
                        quanta_sv_densek_runs(R.kernelFlag, p, interleaved(mp0), Int32(k), op.baseAddress, L, c, cmask,
                                              range.lowerBound, range.upperBound)
                    }
                }
            }
        } else {
            groupLoop(p, qubits: n, shape: shape, matrix: mp0, groups: groups, threads: threads)
        }
    }

    /// Targets on qubit 0 and/or 1 (any k): in registers when no control sits below qubit 2 (one
    /// group is 2^(high targets) vectors, the low targets mix lanes), else one group of 2^k
    /// amplitudes at a time.
    static func groupLoop<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                      matrix m: UnsafePointer<Complex>, groups: Int, threads: Int) {
        if n >= 2, let (inserter, fixedBits) = shape.laneIns {
            let vectorGroups = 1 << (n - fixedBits)
            parallelChunks(vectorGroups, threads: threads) { range in
                shape.targets.withUnsafeBufferPointer { t in
                    withUnsafePointer(to: inserter) { c in
                        quanta_sv_densek_lanes(R.kernelFlag, p, interleaved(m), Int32(shape.k), t.baseAddress, c,
                                               shape.cmask, range.lowerBound, range.upperBound)
                    }
                }
            }
            return
        }
        let inserter = shape.cIns
        parallelChunks(groups, threads: threads) { range in
            shape.offsets.withUnsafeBufferPointer { op in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_densek_groups(R.kernelFlag, p, interleaved(m), Int32(shape.k), op.baseAddress, c,
                                            shape.cmask, range.lowerBound, range.upperBound)
                }
            }
        }
    }

    /// Two-qubit dense kernel (the C loop over runs is fully unrolled).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func dense2<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                   matrix m: UnsafePointer<Complex>, threads: Int) {
        let cmask = shape.cmask
        let groups = 1 << (n - 2 - shape.controls.count)
        let ins = shape.ins
        let L = min(ins.runLength, groups)
        let o1 = 1 << shape.targets[0], o2 = 1 << shape.targets[1]
        if L >= 4 {
            let inserter = shape.cIns
            parallelChunks(groups / L, threads: threads) { range in
                withUnsafePointer(to: inserter) { c in
                    quanta_sv_dense2_runs(R.kernelFlag, p, interleaved(m), o1, o2, L, c, cmask,
                                          range.lowerBound, range.upperBound)
                }
            }
        } else {
            groupLoop(p, qubits: n, shape: shape, matrix: m, groups: groups, threads: threads)
        }
    }
}
