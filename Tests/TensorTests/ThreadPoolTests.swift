import Dispatch
import Testing
@testable import Tensor

/// The spinning pool behind `ParallelChunks.run`: every index runs exactly once, for many loops
/// in a row (late helpers must not run an index of the next loop), nested calls run inline, and
/// calls from several threads at once are serialised.
@Suite struct ThreadPoolTests {
    final class Counts: @unchecked Sendable {
        var values: [Int]
        init(_ n: Int) { values = [Int](repeating: 0, count: n) }
    }

    @Test func everyIndexOnceOverManyLoops() {
        for threads in [2, 3, 4] {
            for round in 0..<300 {
                let items = [1, 2, 3, 5, 17, 64][round % 6]
                let counts = Counts(items)
                counts.values.withUnsafeMutableBufferPointer { c in
                    ParallelChunks.run(items: items, perChunk: 1, workers: Swift.min(threads, items)) { _, range in
                        for i in range { c[i] += 1 }
                    }
                }
                #expect(counts.values.allSatisfy { $0 == 1 }, "threads \(threads) round \(round): \(counts.values)")
            }
        }
    }

    @Test func nestedAndConcurrentCallers() {
        let outer = Counts(4 * 8 * 8)
        outer.values.withUnsafeMutableBufferPointer { c in
            let base = c.baseAddress!
            DispatchQueue.concurrentPerform(iterations: 4) { caller in
                ParallelChunks.run(items: 8, perChunk: 1, workers: 2) { _, range in
                    for i in range {
                        // a call from inside a task runs inline on that thread
                        ParallelChunks.run(items: 8, perChunk: 1, workers: 2) { _, inner in
                            for j in inner { base[(caller * 8 + i) * 8 + j] += 1 }
                        }
                    }
                }
            }
        }
        #expect(outer.values.allSatisfy { $0 == 1 })
    }

    /// More pool threads than cores and two callers taking turns: helpers get descheduled
    /// between indices, and one that wakes after its loop ended must not consume an index of
    /// the next (with a fetch-add ticket about 1 run in 20 of this kind hung for good).
    @Test func oversubscribedLoopsFinish() {
        let counts = Counts(2 * 1500 * 3)
        counts.values.withUnsafeMutableBufferPointer { c in
            let base = c.baseAddress!
            DispatchQueue.concurrentPerform(iterations: 2) { caller in
                for round in 0..<1500 {
                    ParallelChunks.run(items: 3, perChunk: 1, workers: 3) { _, range in
                        for i in range { base[(caller * 1500 + round) * 3 + i] += 1 }
                    }
                }
            }
        }
        #expect(counts.values.allSatisfy { $0 == 1 })
    }
}
