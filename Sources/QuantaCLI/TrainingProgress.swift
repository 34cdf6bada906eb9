import Foundation
import Quanta

/// What `quanta train` does after each batch and epoch: the progress bar and epoch lines,
/// `--metrics-out`, and the test hook that sends the process a signal (SIGKILL, or the one
/// named by QUANTA_KILL_SIGNAL: TERM, INT) after QUANTA_KILL_AFTER_STEPS optimizer steps of
/// this process (crash-safe resume and interruption are tested with it).
struct TrainingProgress {
    let onBatch: (Int, Int, Int, Double) -> Void
    let onEpoch: (EpochRecord, Double?) throws -> Void

    /// Epoch lines for epoch 1, every `every`-th and the last of `epochs`.
    init(epochs: Int, every: Int = 1, args: Arguments, io: Console) throws {
        let metrics = try args.url("metrics-out").map { try MetricsWriter($0) }
        let reporter = ProgressReporter(io: io, epochs: epochs, every: every)
        let environment = ProcessInfo.processInfo.environment
        let killAfter = environment["QUANTA_KILL_AFTER_STEPS"].flatMap { Int($0) }
        let signal = ["TERM": SIGTERM, "INT": SIGINT][environment["QUANTA_KILL_SIGNAL"] ?? ""] ?? SIGKILL
        var steps = 0
        onBatch = { epoch, batch, count, loss in
            reporter.batch(epoch: epoch, batch: batch, count: count, loss: loss)
            steps += 1
            if let killAfter, steps == killAfter { kill(getpid(), signal) }
        }
        onEpoch = { record, testAccuracy in
            reporter.epoch(record, testAccuracy: testAccuracy)
            try metrics?.write(record)
        }
    }
}
