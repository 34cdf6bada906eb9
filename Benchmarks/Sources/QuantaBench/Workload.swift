import Foundation

/// One benchmark workload: a name on the command line and a function that measures every
/// case of it at the thread count already set, emitting one JSON line per case.
///
/// Add a workload in its own file as a static member, then list it in `Registry.workloads`:
///
/// ```swift
/// // W1Gates.swift
/// extension Workload {
///     static let w1 = Workload(name: "w1", reference: "W1", summary: "gate kernels, n = 20, 24") { bench in
///         let (seconds, calls) = Timing.measure(Timing.loop { /* one run */ }, minTime: 0.2, samples: bench.samples(5))
///         bench.emit(case: "n=20/complex128", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
///                    ["calls_per_sample": .int(calls), "check_z0": .double(z0)])
///     }
/// }
/// ```
struct Workload: Sendable {
    /// Command-line name (lower case, e.g. `gemm`, `w1`, `lenet`).
    let name: String
    /// The id in the shared `bench/WORKLOADS.md` (`W1` … `W6`), written into every line.
    let reference: String
    /// One line for `--list`.
    let summary: String
    /// Measures every case at `bench.threads` threads and calls `bench.emit` once per case.
    let run: @Sendable (Bench) throws -> Void
}

/// What a running workload sees: the thread count, sample-count overrides, and the output.
final class Bench {
    /// Threads set for this run (BLAS and Quanta's kernels, via `Threading.setThreads`).
    let threads: Int
    /// The workload being run.
    let workload: Workload
    private let options: Options
    private let sink: Output

    init(threads: Int, workload: Workload, options: Options, sink: Output) {
        self.threads = threads
        self.workload = workload
        self.options = options
        self.sink = sink
    }

    /// Timed samples per case: `--samples N` when given, else the workload's own default.
    func samples(_ defaultCount: Int) -> Int { options.samples ?? defaultCount }

    /// Minimum seconds per sample: `--min-time S` when given, else the workload's default.
    func minTime(_ defaultSeconds: Double) -> Double { options.minTime ?? defaultSeconds }

    /// Whether case `name` was asked for: true unless `--case` was given and none of its substrings
    /// occurs in `name`. `emit` drops the lines of cases not asked for; the quantum workloads also
    /// check before measuring, so they skip the work.
    func wants(case name: String) -> Bool {
        options.cases.isEmpty || options.cases.contains { name.contains($0) }
    }

    /// Writes one result line:
    /// `{"workload","ref","case","threads","median","min","max","unit","samples","spread_pct", extra…, "date"}`.
    /// `stats` is in `unit` (for a throughput, `min` is the slowest sample).
    func emit(case name: String, unit: String, stats: Stats, _ extra: JSONLine = [:]) {
        guard wants(case: name) else { return }
        var line: JSONLine = [
            "workload": .string(workload.name), "ref": .string(workload.reference), "case": .string(name),
            "threads": .int(threads), "median": .double(stats.median), "min": .double(stats.min),
            "max": .double(stats.max), "unit": .string(unit), "samples": .int(stats.sorted.count),
            "spread_pct": .double(stats.spreadPercent),
        ]
        line = line.merging(extra)
        line["date"] = .string(ISO8601DateFormatter().string(from: Date()))
        sink.write(line)
    }

    /// Writes a note to stderr (progress, skipped cases); never part of the results.
    func log(_ message: String) { sink.log("[\(workload.name) t=\(threads)] \(message)") }
}
