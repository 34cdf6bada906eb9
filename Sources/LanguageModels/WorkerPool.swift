import CKernels

/// Splits index ranges over a fixed set of threads that stay alive between calls (a decoder
/// makes hundreds of short parallel sections per token; starting threads each time would cost
/// more than the work). The calling thread takes the first part. One thread runs inline.
public final class WorkerPool: @unchecked Sendable {
    public let threads: Int
    private let pool: OpaquePointer?

    public init(threads: Int) {
        self.threads = max(1, threads)
        pool = self.threads > 1 ? quanta_workers_create(Int32(self.threads)) : nil
    }

    deinit {
        if let pool { quanta_workers_destroy(pool) }
    }

    private final class Job {
        let items: Int
        let granularity: Int
        let body: (Range<Int>) -> Void

        init(items: Int, granularity: Int, body: @escaping (Range<Int>) -> Void) {
            (self.items, self.granularity, self.body) = (items, granularity, body)
        }

        func run(part: Int, parts: Int) {
            let units = (items + granularity - 1) / granularity
            let lo = min(items, units * part / parts * granularity)
            let hi = min(items, units * (part + 1) / parts * granularity)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Calls `body` on consecutive parts of 0..<items, each a multiple of `granularity` long
    /// (except the last), one part per thread; returns when all are done.
    public func run(items: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        guard let pool, items > granularity else {
            body(0..<items)
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = Job(items: items, granularity: granularity, body: body)
            withExtendedLifetime(job) {
                quanta_workers_run(pool, { context, part, parts in
                    Unmanaged<Job>.fromOpaque(context!).takeUnretainedValue().run(part: Int(part), parts: Int(parts))
                }, Unmanaged.passUnretained(job).toOpaque())
            }
        }
    }
}
