import CGemmBench
import Foundation

/// Median, minimum and maximum of a set of samples (in whatever unit they are given).
struct Stats: Sendable {
    /// The samples, ascending.
    let sorted: [Double]

    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "Stats: no samples")
        sorted = samples.sorted()
    }

    /// The middle sample (mean of the two middle ones for an even count).
    var median: Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
    var min: Double { sorted[0] }
    var max: Double { sorted[sorted.count - 1] }
    /// (max − min) / median, in percent: how much the shared machine moved during the samples.
    var spreadPercent: Double { 100 * (max - min) / median }
}

/// Wall-clock timing loops shared by all workloads.
///
/// A workload hands in one or more *loops*: closures that run a body `calls` times and return
/// the elapsed seconds. `Timing.loop` builds one from a Swift closure; a C reference loop
/// (which times itself) fits the same shape. Each loop gets a fixed call count from one
/// calibration, then the loops' samples are taken interleaved (A B A B …), so machine noise
/// hits every variant alike and their ratio stays meaningful.
enum Timing {
    /// Runs a body `calls` times; returns elapsed seconds for all of them.
    typealias Loop = (_ calls: Int) -> Double

    /// Seconds on the monotonic clock (`clock_gettime(CLOCK_MONOTONIC)`, shared with the C loops).
    static func now() -> Double { gemm_bench_now() }

    /// A loop that calls `body` back to back and times the whole run.
    static func loop(_ body: @escaping () -> Void) -> Loop {
        return { calls in
            let t0 = now()
            for _ in 0..<calls { body() }
            return now() - t0
        }
    }

    /// The call count per sample: `warmup` untimed calls, one timed call `t`, the estimate
    /// `k = ⌈minTime / t⌉`, then one timed run of k calls that scales k up if it fell short,
    /// so that each sample runs at least about `minTime` seconds.
    static func calibrate(_ loop: Loop, minTime: Double, warmup: Int = 1) -> Int {
        if warmup > 0 { _ = loop(warmup) }
        let one = Swift.max(loop(1), 1e-9)
        var calls = Swift.max(1, Int((minTime / one).rounded(.up)))
        let check = loop(calls)
        if check < minTime {
            // A cold first call over-estimates t; the k-call run corrects it (5 % headroom).
            calls = Swift.max(calls, Int((Double(calls) * 1.05 * minTime / Swift.max(check, 1e-9)).rounded(.up)))
        }
        return calls
    }

    /// Seconds per call, `samples` per loop, taken round-robin over the loops.
    /// - Returns: `result[i]` holds loop i's samples (each = sample time / calls[i]).
    static func interleaved(_ loops: [Loop], calls: [Int], samples: Int) -> [[Double]] {
        precondition(loops.count == calls.count, "Timing.interleaved: \(loops.count) loops, \(calls.count) call counts")
        var out = Array(repeating: [Double](), count: loops.count)
        for _ in 0..<samples {
            for (i, loop) in loops.enumerated() {
                out[i].append(loop(calls[i]) / Double(calls[i]))
            }
        }
        return out
    }

    /// One loop on its own: calibrate, then `samples` samples of seconds per call.
    static func measure(_ loop: @escaping Loop, minTime: Double, samples: Int, warmup: Int = 1) -> (seconds: [Double], calls: Int) {
        let calls = calibrate(loop, minTime: minTime, warmup: warmup)
        return (interleaved([loop], calls: [calls], samples: samples)[0], calls)
    }
}
