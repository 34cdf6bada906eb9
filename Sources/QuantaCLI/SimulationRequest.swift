import Foundation
import Quanta

/// What one `quanta simulate` run computes, checked against the memory budget as a whole
/// before anything is allocated.
struct SimulationRequest {
    var statevector: Bool
    var probabilities: Bool
    var marginal: [Int]?
    var observables: [(String, PauliSum)]
    var shots: Int?
    var inputs: [Double]
    var seed: UInt64
    var policy: ExecutionPolicy

    var needsState: Bool { statevector || probabilities || !observables.isEmpty }

    /// Peak bytes: the shot run (state, copies, uniforms, counts), then the state run with the
    /// counts kept and the marginal table. Text and JSON are written in 1 MB pieces.
    func peakBytes<R: SimReal>(_ type: R.Type, _ executor: ProgramExecutor) -> Double {
        let output = Double(2 * ChunkedOutput.chunkBytes)
        let shotPeak = shots.map { executor.peakBytes(R.self, shots: $0) } ?? 0
        let kept = shots.map { executor.countsBytes(shots: $0) } ?? 0
        guard needsState else { return shotPeak + output }
        let table = marginal.map { 8 * pow(2.0, Double($0.count)) } ?? 0
        return max(shotPeak, executor.peakBytes(R.self, shots: nil) + kept + table) + output
    }

    /// Refuses, before allocating, a run whose peak memory exceeds the budget.
    func checkMemory<R: SimReal>(_ type: R.Type, _ executor: ProgramExecutor, file: String) throws {
        let need = peakBytes(R.self, executor)
        let available = MemoryBudget.availableBytes()
        guard need > available else { return }
        throw CommandError(
            "\(file): simulating \(executor.program.qubitCount) qubits needs about \(MemoryBudget.describe(need))"
                + " (a state of \(MemoryBudget.describe(executor.peakBytes(R.self, shots: nil)))"
                + (shots == nil ? "" : ", shots and counts") + "), but only \(MemoryBudget.describe(available))"
                + " are available" + Self.hint(precision: R.self))
    }

    static func hint<R: SimReal>(precision: R.Type) -> String {
        R.self == Double.self ? "; --precision single halves the state" : ""
    }

    /// Runs the shots, then the single run the state outputs read, and writes the report.
    func simulate<R: SimReal>(_ type: R.Type, _ program: CircuitProgram, file: String,
                              into base: SimulationReport, io: Console) throws {
        let executor = ProgramExecutor(program)
        try checkMemory(R.self, executor, file: file)
        var report = base
        if let shots {
            report.shots = shots
            report.seed = seed
            report.counts = try executor.counts(R.self, shots: shots, inputs: inputs, seed: seed, policy: policy)
        }
        guard needsState else {
            report.write(to: io)
            return
        }
        let state = try executor.run(R.self, inputs: inputs, seed: seed, policy: policy).state
        let norm = state.normSquared
        let scale = norm > 0 ? 1 / norm : 1
        if statevector {
            report.amplitudes = Indexed(count: state.dimension) { state[$0] }
        }
        if probabilities {
            report.marginal = marginal
            report.probabilities = marginal.map { qubits in
                let table = state.probabilities(qubits: qubits.reversed())
                return Indexed(count: table.count) { table[$0] * scale }
            } ?? Indexed(count: state.dimension) { state.probability($0) * scale }
        }
        report.expectations = observables.map { ($0.0, state.expectation($0.1) / norm) }
        report.write(to: io)
    }
}
