import CDNNL
import Dispatch
import Foundation
import Synchronization

/// The integer GEMM's own threads: `run(count, body)` calls `body(t)` for t in 0..<count, each
/// once, on the caller and persistent workers, and returns when all are done. Tasks are claimed
/// from a shared counter, so a worker that is asleep or descheduled (a busy machine) leaves its
/// task to the caller instead of stalling it.
///
/// Why not oneDNN's OpenMP threads: OpenMP's wait policy is fixed at process start. With
/// `OMP_WAIT_POLICY=passive` (needed so OpenMP workers do not spin against OpenBLAS's) every call
/// pays a futex wake-up and 2-thread throughput stays near 1-thread; with spinning, OpenBLAS
/// suffers. These workers spin only for `spinNanoseconds` after a task (back-to-back calls find
/// them awake), then sleep on a semaphore. Each worker runs oneDNN single-threaded.
final class IntegerGEMMWorkers: @unchecked Sendable {
    static let shared = IntegerGEMMWorkers()

    /// How long an idle worker spins before sleeping: long enough to bridge the gap between
    /// consecutive GEMMs of one inference, short enough not to starve other thread pools.
    static let spinNanoseconds: UInt64 = 300_000

    /// One `run`: tasks 0..<count, the next unclaimed one, and how many have finished.
    final class Job: @unchecked Sendable {
        let count: Int
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        var body: ((Int) -> Void)?
        init(count: Int, body: @escaping (Int) -> Void) { (self.count, self.body) = (count, body) }

        /// Claims and runs tasks until none is left.
        func work() {
            while true {
                let t = next.wrappingAdd(1, ordering: .acquiring).oldValue
                if t >= count { return }
                call(t)
                finished.wrappingAdd(1, ordering: .releasing)
            }
        }

        // Separate so that the closure's retain ends before `finished` counts the task.
        @inline(never) private func call(_ t: Int) { body!(t) }
    }

    private final class Worker: @unchecked Sendable {
        let generation = Atomic<Int>(0)
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
        let job = Mutex<Job?>(nil)

        func loop() {
            omp_set_num_threads(1)
            var seen = 0
            while true {
                var spins = 0
                var start: UInt64 = 0
                while generation.load(ordering: .acquiring) == seen {
                    quanta_cpu_relax()
                    spins += 1
                    if spins & 255 != 0 { continue }
                    let now = DispatchTime.now().uptimeNanoseconds
                    if start == 0 { start = now; continue }
                    if now - start < IntegerGEMMWorkers.spinNanoseconds { continue }
                    // The store/load pair below and the caller's in `run` are sequentially
                    // consistent, so a new job is either seen here or signalled (an extra
                    // signal only causes one spurious wake-up).
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                    sleeping.store(false, ordering: .sequentiallyConsistent)
                    spins = 0; start = 0
                }
                seen = generation.load(ordering: .acquiring)
                job.withLock { $0 }?.work()
            }
        }
    }

    private var workers: [Worker] = []
    private let busy = Mutex<Bool>(false)

    /// Runs `body(t)` for t in 0..<count, each once, on the caller and `threads` − 1 workers
    /// (at most count − 1). When another call holds the workers, runs every t on the caller, in order.
    func run(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let helpers = Swift.min(count, threads) - 1
        guard helpers > 0, busy.withLock({ b in b ? false : { b = true; return true }() }) else {
            for t in 0..<count { body(t) }
            return
        }
        defer { busy.withLock { $0 = false } }
        while workers.count < helpers {
            let w = Worker()
            let thread = Thread { w.loop() }
            thread.name = "quanta.int8gemm.\(workers.count + 1)"
            thread.start()
            workers.append(w)
        }
        withoutActuallyEscaping(body) { task in
            let job = Job(count: count, body: task)
            for w in workers.prefix(helpers) {
                w.job.withLock { $0 = job }
                w.generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
                if w.sleeping.load(ordering: .sequentiallyConsistent) { w.wake.signal() }
            }
            job.work()
            var spins = 0
            while job.finished.load(ordering: .acquiring) < count {
                spins += 1
                if spins & 1023 == 0 { sched_yield() } else { quanta_cpu_relax() }
            }
            // Late workers may still hold the job, but find no task left and never call body.
            job.body = nil
            for w in workers.prefix(helpers) { w.job.withLock { $0 = nil } }
        }
    }
}
