/// A gate with numeric matrix, ready for a kernel: targets in matrix order, controls, and the
/// structure that picks the kernel.
public struct BoundGate: Sendable {
    /// Target qubits (first = most significant bit of the matrix index).
    public var targets: [Int] { shape.targets }
    /// Control qubits (all must be |1⟩).
    public var controls: [Int] { shape.controls }
    /// Row-major `2ᵏ×2ᵏ` matrix on the targets.
    public var matrix: [Complex]
    /// Diagonal, permutation or dense.
    public var structure: MatrixStructure
    let shape: KernelShape

    /// A bound gate; the structure is detected from the matrix (exact zeros).
    public init(targets: [Int], controls: [Int] = [], matrix: [Complex]) {
        precondition(matrix.count == 1 << (2 * targets.count), "matrix of \(matrix.count) entries for \(targets.count) targets")
        shape = KernelShape(targets: targets, controls: controls)
        self.matrix = matrix
        structure = MatrixStructure.of(matrix)
    }

    /// The adjoint gate (conjugate transpose).
    public var adjoint: BoundGate {
        var g = self
        g.matrix = Instruction.daggered(matrix)
        return g
    }

    /// Applies the gate to the interleaved amplitudes of an n-qubit state (see `GateDispatch`).
    /// O(2ⁿ) for a fixed number of targets.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func apply<R: SimReal>(to p: UnsafeMutablePointer<R>, qubits n: Int, threads: Int) {
        matrix.withUnsafeBufferPointer { m in
            GateDispatch.apply(p, qubits: n, shape: shape, matrix: m.baseAddress!, structure: structure, threads: threads)
        }
    }
}

extension StateVector {
    /// Applies a bound gate (see `BoundGate.apply`), serially or with `threads` threads.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public mutating func apply(_ gate: BoundGate, threads: Int = 1) {
        for q in gate.targets + gate.controls {
            precondition(q >= 0 && q < qubitCount, "qubit \(q) out of range 0..<\(qubitCount)")
        }
        let n = qubitCount
        withUnsafeMutableReals { gate.apply(to: $0.baseAddress!, qubits: n, threads: threads) }
    }

    /// Applies one instruction with bound parameter values (`values.count == gate.parameterCount`).
    public mutating func apply(_ op: Instruction, values: [Double] = [], threads: Int = 1) {
        apply(op.boundGate(values), threads: threads)
    }
}
