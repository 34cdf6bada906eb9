import Foundation
import Quanta

/// What `quanta train` does after each batch and epoch: the progress bar and epoch lines,
/// `--metrics-out`, and the test hook that sends the process a signal (SIGKILL, or the one
/// named by QUANTA_KILL_SIGNAL: TERM, INT, STOP) after QUANTA_KILL_AFTER_STEPS optimizer steps of
/// this process (crash-safe resume and interruption are tested with it; QUANTA_KILL_RANK=r
/// limits it to rank r of an mpirun launch).
struct TrainingProgress {
    let onBatch: (Int, Int, Int, Double) -> Void
    let onEpoch: (EpochRecord, Double?) throws -> Void

    /// Epoch lines for epoch 1, every `every`-th and the last of `epochs`.
    init(epochs: Int, every: Int = 1, args: Arguments, io: Console) throws {
        let metrics = try args.url("metrics-out").flatMap { DistributedRun.writesFiles(args) ? try MetricsWriter($0) : nil }
        let reporter = ProgressReporter(io: io, epochs: epochs, every: every)
        let environment = ProcessInfo.processInfo.environment
        // QUANTA_KILL_RANK picks the one rank of an mpirun launch that is killed.
        let killedRank = environment["QUANTA_KILL_RANK"].flatMap { Int($0) }
        let targeted = killedRank == nil || killedRank == Communicator.launchRank
        let killAfter = targeted ? environment["QUANTA_KILL_AFTER_STEPS"].flatMap { Int($0) } : nil
        let signal = ["TERM": SIGTERM, "INT": SIGINT, "STOP": SIGSTOP][environment["QUANTA_KILL_SIGNAL"] ?? ""] ?? SIGKILL
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
