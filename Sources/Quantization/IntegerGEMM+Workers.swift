import CDNNL
import Dispatch
import Foundation
import Synchronization

/// The integer GEMM's own threads: `run(count, body)` calls `body(0)` on the caller and
/// `body(1…count−1)` on persistent workers, and returns when all are done.
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

    private final class Worker: @unchecked Sendable {
        let generation = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
        var task: ((Int) -> Void)?
        let index: Int
        init(index: Int) { self.index = index }

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
                    // consistent, so a new task is either seen here or signalled (an extra
                    // signal only causes one spurious wake-up).
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                    sleeping.store(false, ordering: .sequentiallyConsistent)
                    spins = 0; start = 0
                }
                seen = generation.load(ordering: .acquiring)
                task?(index)
                done.store(seen, ordering: .releasing)
            }
        }
    }

    private var workers: [Worker] = []
    private let busy = Mutex<Bool>(false)

    /// Runs `body(t)` for t in 0..<count, t = 0 on the calling thread. When another call holds
    /// the workers, runs every t on the caller, in order.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, busy.withLock({ b in b ? false : { b = true; return true }() }) else {
            for t in 0..<count { body(t) }
            return
        }
        defer { busy.withLock { $0 = false } }
        while workers.count < count - 1 {
            let w = Worker(index: workers.count + 1)
            let thread = Thread { w.loop() }
            thread.name = "quanta.int8gemm.\(w.index)"
            thread.start()
            workers.append(w)
        }
        withoutActuallyEscaping(body) { task in
            for w in workers.prefix(count - 1) {
                w.task = task
                let g = w.generation.load(ordering: .relaxed) + 1
                w.generation.store(g, ordering: .sequentiallyConsistent)
                if w.sleeping.load(ordering: .sequentiallyConsistent) { w.wake.signal() }
            }
            task(0)
            for w in workers.prefix(count - 1) {
                let g = w.generation.load(ordering: .relaxed)
                while w.done.load(ordering: .acquiring) != g { quanta_cpu_relax() }
                w.task = nil
            }
        }
    }
}
