import CBLAS
import CKernels

/// Splits a batch into cache-sized chunks and, above a work threshold, spreads the chunks
/// over `Threading.threads` workers. While workers run, OpenBLAS is pinned to one thread so
/// the GEMMs inside each chunk do not oversubscribe the cores.
enum ParallelChunks {
    /// Below this many multiply-adds per call, threads cost more than they save (measured on
    /// LeNet-sized convolutions).
    static let parallelThreshold = 1 << 21

    /// How a call splits its batch: threads available, the work (multiply-adds) below which it
    /// stays on one thread, and the scratch elements a chunk aims for (L2-sized).
    struct Options {
        var threads = Threading.threads
        var threshold = ParallelChunks.parallelThreshold
        var chunkElements = 1 << 18
    }

    /// Items per chunk so that a chunk's scratch (`elementsPerItem` each) stays near
    /// `options.chunkElements`, and workers for `items` items with `work` multiply-adds.
    static func plan(items: Int, elementsPerItem: Int, work: Int, _ options: Options) -> (perChunk: Int, workers: Int) {
        var perChunk = Swift.max(1, Swift.min(items, options.chunkElements / Swift.max(elementsPerItem, 1)))
        guard options.threads > 1, work >= options.threshold, items > 1 else { return (perChunk, 1) }
        let workers = Swift.min(options.threads, items)
        perChunk = Swift.min(perChunk, (items + workers - 1) / workers)
        return (perChunk, Swift.min(workers, (items + perChunk - 1) / perChunk))
    }

    /// Runs with workers in flight (set by the calling thread around them): BLAS stays on one
    /// thread meanwhile, and `BLASThreads` must not change that.
    nonisolated(unsafe) static var activeRuns = 0

    /// Calls `body(worker, range)` for consecutive chunks of `0..<items`; worker `w` takes
    /// chunks `w, w + workers, …`, so per-worker scratch and partial sums need no locks.
    static func run(items: Int, perChunk: Int, workers: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = (items + perChunk - 1) / perChunk
        func work(_ w: Int) {
            var c = w
            while c < chunks {
                body(w, (c * perChunk)..<Swift.min(items, (c + 1) * perChunk))
                c += workers
            }
        }
        if workers <= 1 { work(0); return }
        openblas_set_num_threads(1)
        activeRuns += 1
        defer {
            activeRuns -= 1
            openblas_set_num_threads(Int32(Threading.threads))
        }
        // the spinning pool (CKernels): a parked GCD worker woke too late for loops of tens of
        // microseconds, and the calling thread ran both chunks (LeNet-5 inference, batch 32)
        withoutActuallyEscaping(work) { work in
            let job = PoolJob(work)
            withExtendedLifetime(job) {
                quanta_pool_run(workers, Int32(workers), poolTrampoline, Unmanaged.passUnretained(job).toOpaque())
            }
        }
    }
}

/// A loop body handed to `quanta_pool_run` through its context pointer.
final class PoolJob {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}

/// The C pool's task: runs index `i` of the `PoolJob` behind `context`.
let poolTrampoline: quanta_pool_task = { context, index in
    Unmanaged<PoolJob>.fromOpaque(context!).takeUnretainedValue().body(index)
}

/// A scratch buffer that is never zero-filled; freed with the value.
final class ScratchBuffer<Scalar: TensorScalar>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Scalar>
    init(_ count: Int) { pointer = .allocate(capacity: Swift.max(count, 1)) }
    deinit { pointer.deallocate() }
}

/// OpenBLAS threads per call: a product of fewer than `smallWork` multiply-adds runs on one
/// thread, since waking the second thread costs more than it saves there (LeNet-5's dense
/// layers at batch 1 and 32 ran 1.2-1.4x slower at 2 threads than at 1).
enum BLASThreads {
    static let smallWork = 1 << 21

    @inline(__always)
    static func run(work: Int, _ body: () -> Void) {
        guard Threading.threads > 1, work < smallWork, ParallelChunks.activeRuns == 0 else {
            body()
            return
        }
        openblas_set_num_threads(1)
        body()
        openblas_set_num_threads(Int32(Threading.threads))
    }
}
