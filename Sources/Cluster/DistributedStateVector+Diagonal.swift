import QuantumSim

/// Gates on global qubits that need no exchange: each rank knows its own bits of those qubits,
/// so global controls become a condition and a matrix that is diagonal (RZ, P, CZ, RZZ, …, as
/// `MatrixStructure` classifies it) on global targets becomes a smaller diagonal on the local
/// targets (a phase when none are local).
extension DistributedStateVector {
    /// What a gate on global qubits becomes on this rank without an exchange.
    enum RankLocal {
        /// It needs an exchange (a non-diagonal matrix on a global target).
        case exchange
        /// This rank's bits switch it off.
        case skipped
        /// The equivalent gate on local qubits only.
        case gate(Instruction)

        var needsExchange: Bool {
            if case .exchange = self { return true }
            return false
        }
    }

    /// `operation` on this rank when its global qubits are controls or targets of a matrix
    /// that is diagonal at the bound parameters.
    func rankLocal(_ operation: Instruction, inputs: [Double]) -> RankLocal {
        let globalTargets = operation.targets.filter { !layout.isLocal($0) }
        var matrix: [Complex] = []
        if !globalTargets.isEmpty {
            guard let values = Self.values(of: operation, inputs: inputs) else { return .exchange }
            matrix = operation.targetMatrix(values)
            guard MatrixStructure.of(matrix) == .diagonal else { return .exchange }
        }
        let globalControls = operation.controls.filter { !layout.isLocal($0) }
        if !globalControls.allSatisfy({ rankBit($0) == 1 }) { return .skipped }
        var reduced = operation
        reduced.controls = operation.controls.filter { layout.isLocal($0) }
        guard !globalTargets.isEmpty else { return .gate(reduced) }
        let local = operation.targets.filter { layout.isLocal($0) }
        let entries = diagonalEntries(matrix, targets: operation.targets, local: local)
        if local.isEmpty {
            // a phase on this rank's amplitudes: the same entry twice on a local qubit the gate leaves alone
            let carrier = (0..<layout.localCount).map { layout.logical[$0] }.first { !reduced.controls.contains($0) }!
            reduced = Instruction(.diagonal([entries[0], entries[0]]), targets: [carrier], controls: reduced.controls)
        } else {
            reduced = Instruction(.diagonal(entries), targets: local, controls: reduced.controls)
        }
        return .gate(reduced)
    }

    /// The diagonal of `matrix` (targets in matrix order, first = most significant) at this
    /// rank's bits of the global targets, indexed by the bits of the `local` targets.
    func diagonalEntries(_ matrix: [Complex], targets: [Int], local: [Int]) -> [Complex] {
        let d = 1 << targets.count
        return (0..<(1 << local.count)).map { j in
            var b = 0
            var next = 0
            for (i, t) in targets.enumerated() {
                let bit: Int
                if layout.isLocal(t) {
                    bit = (j >> (local.count - 1 - next)) & 1
                    next += 1
                } else {
                    bit = rankBit(t)
                }
                b |= bit << (targets.count - 1 - i)
            }
            return matrix[b * d + b]
        }
    }

    /// The operation's parameter values from `inputs` (nil when it reads trainable weights).
    static func values(of operation: Instruction, inputs: [Double]) -> [Double]? {
        let readsWeights = operation.parameters.contains { if case .weight = $0.source { return true } else { return false } }
        guard !readsWeights else { return nil }
        return inputs.withUnsafeBufferPointer { x in
            operation.parameters.map { $0.value(weights: UnsafeBufferPointer(start: nil, count: 0), inputs: x) }
        }
    }
}
