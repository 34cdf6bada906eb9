import Foundation

/// Splits index ranges over a fixed number of threads: the calling thread takes the first
/// part, the others run concurrently. One thread runs the body inline.
public struct WorkerPool: Sendable {
    public let threads: Int

    public init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// Calls `body` on consecutive parts of 0..<items, each a multiple of `granularity` long
    /// (except the last), one part per thread; returns when all are done.
    public func run(items: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        let units = (items + granularity - 1) / granularity
        let parts = min(threads, units)
        guard parts > 1 else {
            body(0..<items)
            return
        }
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = min(items, units * p / parts * granularity)
                let hi = min(items, units * (p + 1) / parts * granularity)
                body(lo..<hi)
            }
        }
    }
}
