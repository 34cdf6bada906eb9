import Foundation
import Quanta

/// Shows training progress on stderr: on a terminal a redrawn bar with ETA and running loss;
/// otherwise a plain line every `interval` seconds, so logs stay readable.
final class ProgressReporter {
    let io: Console
    let epochs: Int
    let interval: Double
    private var epochStart = Date()
    private var lastDraw = Date.distantPast
    private var currentEpoch = -1

    /// Epoch lines are printed for epoch 1, every `every`-th and the last.
    let every: Int

    init(io: Console, epochs: Int, interval: Double = 10, every: Int = 1) {
        self.io = io
        self.epochs = epochs
        self.interval = interval
        self.every = every
    }

    /// After batch `batch` (0-based) of `count` in `epoch` (0-based).
    func batch(epoch: Int, batch: Int, count: Int, loss: Double) {
        let now = Date()
        if epoch != currentEpoch {
            currentEpoch = epoch; epochStart = now
            if !io.isTerminal { lastDraw = now }   // the first plain line comes after `interval`
        }
        let done = batch + 1
        let elapsed = now.timeIntervalSince(epochStart)
        let eta = elapsed / Double(done) * Double(count - done)
        if io.isTerminal {
            guard now.timeIntervalSince(lastDraw) >= 0.1 || done == count else { return }
            lastDraw = now
            let width = 30, filled = width * done / Swift.max(count, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            io.errInline(String(format: "\r epoch %d/%d %@ %3d%% %d/%d  loss %.4f  ETA %@ ", epoch + 1, epochs, bar,
                                100 * done / Swift.max(count, 1), done, count, loss, Self.clock(eta)))
        } else if now.timeIntervalSince(lastDraw) >= interval {
            lastDraw = now
            io.err(String(format: "epoch %d/%d  batch %d/%d  loss %.4f  ETA %@", epoch + 1, epochs, done, count, loss, Self.clock(eta)))
        }
    }

    /// After an epoch.
    func epoch(_ r: EpochRecord, testAccuracy: Double? = nil) {
        guard r.epoch == 1 || r.epoch % every == 0 || r.epoch >= epochs else { return }
        if io.isTerminal { io.errInline("\r\u{1B}[K") }
        var line = String(format: "epoch %d/%d  loss %.4f", r.epoch, epochs, r.trainLoss)
        if r.trainAccuracy.isFinite { line += String(format: "  acc %.2f%%", 100 * r.trainAccuracy) }
        if let vl = r.validationLoss {
            line += String(format: "  val loss %.4f", vl)
            if let va = r.validationAccuracy, va.isFinite { line += String(format: "  val acc %.2f%%", 100 * va) }
            line += r.best ? " *" : ""
        }
        if let testAccuracy { line += String(format: "  test accuracy %.2f%%", 100 * testAccuracy) }
        line += String(format: "  lr %.3g  %.1fs", r.learningRate, r.seconds)
        io.err(line)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds : 0)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
