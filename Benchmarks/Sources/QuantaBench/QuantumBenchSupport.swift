import Foundation
import Quanta

/// Helpers shared by the quantum workloads (W1–W3).
enum QuantumBench {
    /// Wall-clock seconds of each of `samples` runs of `body`, after `warmup` untimed runs;
    /// `reset` runs before each (untimed).
    static func time(warmup: Int, samples: Int, reset: () -> Void = {}, _ body: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<warmup { reset(); try body() }
        var out: [Double] = []
        for _ in 0..<samples {
            reset()
            let t0 = Timing.now()
            try body()
            out.append(Timing.now() - t0)
        }
        return out
    }

    /// A check value with 10 significant decimals (JSON numbers are printed with 6).
    static func check(_ v: Double) -> JSONValue { .string(String(format: "%.10f", v)) }

    /// The kernels' threading policy for the bench's thread count (threads share one state
    /// from 14 qubits up; below that they split a batch).
    static func policy(_ bench: Bench) -> ExecutionPolicy { .parallel(threads: bench.threads) }
}
