/// A gate with numeric matrix, ready for a kernel: targets in matrix order, controls, and the
/// structure that picks the kernel.
public struct BoundGate: Sendable {
    /// Target qubits (first = most significant bit of the matrix index).
    public var targets: [Int]
    /// Control qubits (all must be |1⟩).
    public var controls: [Int]
    /// Row-major `2ᵏ×2ᵏ` matrix on the targets.
    public var matrix: [Complex]
    /// Diagonal, permutation or dense.
    public var structure: MatrixStructure

    /// A bound gate; the structure is detected from the matrix (exact zeros).
    public init(targets: [Int], controls: [Int] = [], matrix: [Complex]) {
        precondition(matrix.count == 1 << (2 * targets.count), "matrix of \(matrix.count) entries for \(targets.count) targets")
        self.targets = targets
        self.controls = controls
        self.matrix = matrix
        structure = MatrixStructure.of(matrix)
    }

    /// The adjoint gate (conjugate transpose).
    public var adjoint: BoundGate {
        var g = self
        g.matrix = Instruction.daggered(matrix)
        return g
    }

    /// Applies the gate to interleaved amplitudes of an n-qubit state, choosing the kernel by
    /// structure: phase-only kernels for diagonals with unit entries, swaps for X-like
    /// permutations, dense 1-, 2- and k-qubit kernels otherwise. O(2ⁿ) for fixed k.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func apply<R: SimReal>(to p: UnsafeMutablePointer<R>, qubits n: Int, threads: Int) {
        let m = matrix
        switch targets.count {
        case 0:
            OneQubitKernels.phase(p, qubits: n, positions: controls, value: controls.reduce(0) { $0 | (1 << $1) },
                                  factor: m[0], threads: threads)
        case 1:
            let q = targets[0]
            if structure == .diagonal && (m[0] == .one || m[3] == .one) {
                let cmask = controls.reduce(0) { $0 | (1 << $1) }
                if m[0] != .one {
                    OneQubitKernels.phase(p, qubits: n, positions: [q] + controls, value: cmask, factor: m[0], threads: threads)
                }
                if m[3] != .one {
                    OneQubitKernels.phase(p, qubits: n, positions: [q] + controls, value: cmask | (1 << q), factor: m[3], threads: threads)
                }
            } else if structure == .permutation && m[1] == .one && m[2] == .one {
                OneQubitKernels.swapPairs(p, qubits: n, target: q, controls: controls, threads: threads)
            } else {
                OneQubitKernels.dense(p, qubits: n, target: q, controls: controls, matrix: m, threads: threads)
            }
        default:
            if structure == .diagonal {
                let d = 1 << targets.count
                let cmask = controls.reduce(0) { $0 | (1 << $1) }
                let off = MultiQubitKernels.offsets(targets)
                for l in 0..<d where m[l * d + l] != .one {
                    OneQubitKernels.phase(p, qubits: n, positions: targets + controls, value: cmask | off[l],
                                          factor: m[l * d + l], threads: threads)
                }
            } else {
                MultiQubitKernels.dense(p, qubits: n, targets: targets, controls: controls, matrix: m, threads: threads)
            }
        }
    }
}

extension StateVector {
    /// Applies a bound gate (see `BoundGate.apply`), serially or with `threads` threads.
    public mutating func apply(_ gate: BoundGate, threads: Int = 1) {
        for q in gate.targets + gate.controls {
            precondition(q >= 0 && q < qubitCount, "qubit \(q) out of range 0..<\(qubitCount)")
        }
        let n = qubitCount
        withUnsafeMutableReals { gate.apply(to: $0.baseAddress!, qubits: n, threads: threads) }
    }

    /// Applies one operation with bound parameter values (`values.count == gate.parameterCount`).
    public mutating func apply(_ op: Instruction, values: [Double] = [], threads: Int = 1) {
        apply(BoundGate(targets: op.targets, controls: op.controls, matrix: op.targetMatrix(values)), threads: threads)
    }
}
