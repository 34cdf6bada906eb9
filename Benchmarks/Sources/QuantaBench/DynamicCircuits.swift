import Foundation
import Quanta

/// Dynamic circuits with shots: QASMBench's `cc_n12` (12 qubits, one mid-circuit measurement,
/// 25 conditionals, 11 final measurements), 20,000 shots, complex128, seed = sample index.
/// The circuit is read from `$QUANTA_CIRCUITS` (default `../shared/bench/circuits`). Each
/// sample parses nothing: the program is parsed once and `ProgramExecutor.counts` runs.
extension Workload {
    static let dynamic = Workload(
        name: "dynamic", reference: "W1",
        summary: "dynamic circuits: cc_n12 (mid-circuit measurement, conditionals), 20,000 shots, ms/run"
    ) { bench in
        let folder = ProcessInfo.processInfo.environment["QUANTA_CIRCUITS"] ?? "../shared/bench/circuits"
        let url = URL(fileURLWithPath: folder).appendingPathComponent("cc_n12.qasm")
        let executor = ProgramExecutor(try OpenQASM.parse(try String(contentsOf: url, encoding: .utf8)))
        let shots = 20_000
        let policy = ExecutionPolicy.parallel(threads: bench.threads)
        var seed: UInt64 = 0
        var outcomes = 0
        let loop = Timing.loop {
            seed += 1
            outcomes = (try? executor.counts(Double.self, shots: shots, seed: seed, policy: policy))?.count ?? -1
        }
        let (seconds, calls) = Timing.measure(loop, minTime: bench.minTime(0.3), samples: bench.samples(7))
        bench.emit(case: "cc_n12/shots=\(shots)", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                   ["impl": .string("quanta"), "calls_per_sample": .int(calls), "check_outcomes": .int(outcomes)])
    }
}
