import Foundation

extension ProgramExecutor {
    /// Peak memory, in bytes, of `run` (`shots == nil`) or `counts(shots:)` with amplitudes of
    /// type `R`: the state, the copy each shot makes when measurements sit mid-circuit, the
    /// marginal table, the sorted uniforms and the counts. Compiled gate matrices are left out
    /// (kilobytes). Use it to refuse work before allocating.
    public func peakBytes<R: SimReal>(_ type: R.Type, shots: Int?) -> Double {
        let n = program.qubitCount
        let state = Double(MemoryLayout<R>.size) * 2 * pow(2.0, Double(n))
        guard let shots else { return state }
        if program.hasMeasurements && !measuresOnlyAtEnd {
            return 2 * state + Self.countsBytes(shots: shots, width: program.bitCount)
        }
        let measured = program.hasMeasurements ? measuredQubitCount : n
        let table = program.hasMeasurements ? 8 * pow(2.0, Double(measured)) : 0
        let uniforms = 8 * Double(shots)
        return state + table + uniforms + Self.countsBytes(shots: shots, width: max(measured, program.bitCount))
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
