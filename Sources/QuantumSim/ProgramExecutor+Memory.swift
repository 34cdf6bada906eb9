import Foundation
import Tensor

extension ProgramExecutor {
    /// Peak memory, in bytes, of `run` (`shots == nil`) or `counts(shots:)` with amplitudes of
    /// type `R`: the state, the states shot branching holds (or the one copy of shot-by-shot
    /// runs) when measurements sit mid-circuit, the marginal table, the sorted uniforms and the
    /// counts. Compiled gate matrices are left out (kilobytes). Use it to refuse work before
    /// allocating.
    public func peakBytes<R: SimReal>(_ type: R.Type, shots: Int?) -> Double {
        let n = program.qubitCount
        let state = Double(MemoryLayout<R>.size) * 2 * pow(2.0, Double(n))
        guard let shots else { return state }
        if program.hasMeasurements && !measuresOnlyAtEnd {
            let copies = branchingFits(R.self) ? Double(1 + branchingDepth) : 2
            return copies * state + 8 * pow(2.0, Double(n)) + countsBytes(shots: shots)
        }
        let measured = program.hasMeasurements ? measuredQubitCount : n
        let table = program.hasMeasurements ? 8 * pow(2.0, Double(measured)) : 0
        let uniforms = 8 * Double(shots)
        return state + table + uniforms + countsBytes(shots: shots)
    }

    /// Bytes of the counts `counts(shots:)` returns (kept while later work runs).
    public func countsBytes(shots: Int) -> Double {
        Self.countsBytes(shots: shots, width: program.hasMeasurements ? program.bitCount : program.qubitCount)
    }

    /// Mid-circuit measurements and resets (conditional ones included), excluding a final run
    /// of measurements: the most states shot branching holds at once, beyond the first.
    var branchingDepth: Int {
        let ops = program.operations[prefixEnd...]
        let tail = ops.reversed().prefix { op in
            switch op { case .measure(_, .some), .barrier: return true; default: return false }
        }.count
        return ops.dropLast(tail).filter { Self.measures($0) }.count
    }

    static func measures(_ op: ProgramOperation) -> Bool {
        switch op {
        case .measure, .reset: return true
        case let .conditional(_, inner): return measures(inner)
        default: return false
        }
    }

    /// Whether shot branching's states fit in half the memory budget (else shots run one by one).
    func branchingFits<R: SimReal>(_ type: R.Type) -> Bool {
        let state = Double(MemoryLayout<R>.size) * 2 * pow(2.0, Double(program.qubitCount))
        return Double(1 + branchingDepth) * state <= MemoryBudget.availableBytes() / 2
    }

    /// Qubits measured at the end (each counted once).
    var measuredQubitCount: Int {
        var qubits = Set<Int>()
        for case let .measure(q, _?) in program.operations[prefixEnd...] { qubits.insert(q) }
        return qubits.count
    }

    /// A bound on the counts dictionary: at most one entry per shot or per outcome, each a
    /// bitstring key, an integer and the table's slack.
    static func countsBytes(shots: Int, width: Int) -> Double {
        let outcomes = min(Double(shots), pow(2.0, Double(min(width, 62))))
        return outcomes * Double(64 + 2 * width)
    }
}
