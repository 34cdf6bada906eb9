import Foundation

/// A run stopped on request (Ctrl-C, SIGTERM) at a batch boundary, after writing its
/// checkpoint when it has one, so that `--resume` continues it exactly.
public struct TrainingInterrupted: Error, CustomStringConvertible {
    /// Completed epochs and batches of the current epoch when it stopped.
    public let epoch: Int
    public let batch: Int
    /// The checkpoint written at the stop, if the run has one.
    public let checkpoint: URL?

    public init(epoch: Int, batch: Int, checkpoint: URL?) {
        self.epoch = epoch
        self.batch = batch
        self.checkpoint = checkpoint
    }

    public var description: String {
        let place = "interrupted after epoch \(epoch), batch \(batch)"
        guard let checkpoint else { return place + "; nothing saved (no --save)" }
        return place + "; saved \(checkpoint.path) — continue with --resume \(checkpoint.path)"
    }
}
