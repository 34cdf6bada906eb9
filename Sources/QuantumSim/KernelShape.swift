import CKernels

/// Everything a kernel needs about a gate's qubits, computed once (at compile time for a
/// program): targets, controls, the control mask, the zero-inserter over all fixed bits and
/// the local-index → amplitude-offset table.
final class KernelShape: @unchecked Sendable {
    let targets: [Int]
    let controls: [Int]
    let cmask: Int
    let ins: ZeroInserter
    let offsets: [Int]
    /// `ins` in the C kernels' layout, built once.
    let cIns: quanta_inserter
    /// For a block with a target on qubit 0 or 1 and no control below qubit 2: the inserter
    /// over bits 0 and 1, the other targets and the controls (the lane loop's groups), and how
    /// many bits it fixes.
    let laneIns: (inserter: quanta_inserter, fixedBits: Int)?
    var k: Int { targets.count }
    var dimension: Int { 1 << targets.count }

    init(targets: [Int], controls: [Int]) {
        self.targets = targets
        self.controls = controls
        cmask = controls.reduce(0) { $0 | (1 << $1) }
        ins = ZeroInserter(targets + controls)
        cIns = ins.cInserter
        let high = targets.filter { $0 >= 2 }
        let lanes = high.count < targets.count && controls.allSatisfy { $0 >= 2 }
        let laneFixed = [0, 1] + high + controls
        laneIns = lanes ? (ZeroInserter(laneFixed).cInserter, laneFixed.count) : nil
        let k = targets.count
        offsets = (0..<(1 << k)).map { l in
            var o = 0
            for j in 0..<k where (l >> (k - 1 - j)) & 1 == 1 { o |= 1 << targets[j] }
            return o
        }
    }
}

enum GateDispatch {
    /// Applies matrix `m` (row-major `d×d`) with the kernel chosen by `structure`: phase-only
    /// kernels for diagonals (entries equal to 1 are skipped), swaps for X-like permutations,
    /// dense 1-, 2- and k-qubit kernels otherwise.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func apply<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, shape: KernelShape,
                                  matrix m: UnsafePointer<Complex>, structure: MatrixStructure, threads: Int) {
        let d = shape.dimension
        if shape.k == 0 {
            OneQubitKernels.phase(p, qubits: n, ins: shape.ins, fixed: shape.controls.count, value: shape.cmask,
                                  factor: m[0], threads: threads)
            return
        }
        if structure == .diagonal {
            for l in 0..<d where m[l * d + l] != .one {
                OneQubitKernels.phase(p, qubits: n, ins: shape.ins, fixed: shape.k + shape.controls.count,
                                      value: shape.cmask | shape.offsets[l], factor: m[l * d + l], threads: threads)
            }
            return
        }
        if shape.k == 1 {
            if structure == .permutation && m[1] == .one && m[2] == .one {
                OneQubitKernels.swapPairs(p, qubits: n, shape: shape, threads: threads)
            } else {
                OneQubitKernels.dense(p, qubits: n, shape: shape, matrix: m, threads: threads)
            }
        } else if shape.k == 2 {
            MultiQubitKernels.dense2(p, qubits: n, shape: shape, matrix: m, threads: threads)
        } else {
            MultiQubitKernels.dense(p, qubits: n, shape: shape, matrix: m, threads: threads)
        }
    }
}
