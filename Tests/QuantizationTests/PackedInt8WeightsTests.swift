import Synchronization
import Testing
@testable import Quantization

@Suite struct PackedInt8WeightsTests {
    /// Random full-range codes with odd sizes (and sizes that split over threads), u8 and s8 A,
    /// plain and transposed A, 1 and 2 threads: bit-for-bit the Swift reference.
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 33, 65), (64, 784, 120), (130, 257, 31), (97, 300, 200), (256, 784, 256)])
    func equalsReference(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var rng = RandomGenerator(seed: UInt64(m * 7919 + k * 31 + n))
        let a = (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let b = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let offsets = (0..<n).map { _ in Int32(Int(rng.next(upperBound: UInt64(2_000_001))) - 1_000_000) }
        for signed in [false, true] {
            let packed = PackedInt8Weights(b, k: k, n: n, aSigned: signed)
            for transposed in [false, true] {
                var slow = [Int32](repeating: 0, count: m * n)
                IntegerGEMM.multiply(.reference, aSigned: signed, transposeA: transposed, a: a, b: b, offsets: offsets, c: &slow, m: m, n: n, k: k)
                for threads in [1, 2] {
                    let fast = packed.multiply(a, transposeA: transposed, offsets: offsets, m: m, threads: threads)
                    #expect(fast == slow, "M=\(m) K=\(k) N=\(n) signed=\(signed) transposed=\(transposed) threads=\(threads)")
                }
            }
            // without offsets, and a second M on the same packed weights (another cached primitive)
            let m2 = max(1, m / 2 + 1)
            var slow = [Int32](repeating: 0, count: m2 * n)
            let zeros = [Int32](repeating: 0, count: n)
            IntegerGEMM.multiply(.reference, aSigned: signed, a: a, b: b, offsets: zeros, c: &slow, m: m2, n: n, k: k)
            #expect(packed.multiply(Array(a.prefix(m2 * k)), m: m2, threads: 2) == slow)
        }
    }

    /// Accumulators beyond 2^24 (where an fp32 bias add would round) stay exact, both signs.
    @Test func largeAccumulatorsAreExact() {
        let (m, k, n) = (48, 2048, 40)
        var rng = RandomGenerator(seed: 11)
        let a = (0..<(m * k)).map { _ in UInt8(200 + Int(rng.next(upperBound: UInt64(56)))) }
        let b = (0..<(k * n)).map { j in Int8(j % n < n / 2 ? 100 + Int(rng.next(upperBound: UInt64(28))) : -128 + Int(rng.next(upperBound: UInt64(20)))) }
        let offsets = (0..<n).map { j in Int32(2 * j + 1) * 12_345 }
        let packed = PackedInt8Weights(b, k: k, n: n, aSigned: false)
        var slow = [Int32](repeating: 0, count: m * n)
        IntegerGEMM.multiply(.reference, aSigned: false, a: a, b: b, offsets: offsets, c: &slow, m: m, n: n, k: k)
        #expect(slow.contains { abs($0) > 1 << 25 })
        #expect(packed.multiply(a, offsets: offsets, m: m, threads: 2) == slow)
    }

    /// Row chunks: multiples of 16, covering 0..<M, one chunk for small products.
    @Test func chunksCoverRows() {
        func chunks(_ m: Int, _ n: Int, _ k: Int) -> [Range<Int>] {
            PackedInt8Weights.chunks(m: m, threads: PackedInt8Weights.threads(m: m, n: n, k: k, threads: 2))
        }
        #expect(chunks(256, 256, 784) == [0..<128, 128..<256])
        #expect(chunks(97, 300, 200) == [0..<64, 64..<97])
        #expect(chunks(7, 300, 200) == [0..<7])
        #expect(chunks(64, 8, 8) == [0..<64])
        #expect(PackedInt8Weights.chunks(m: 100, threads: 1) == [0..<100])
    }

    /// More tasks than threads: every task runs exactly once, on at most `threads` threads.
    @Test func workersRunEachTaskOnce() {
        let counts = Mutex([Int](repeating: 0, count: 9))
        IntegerGEMMWorkers.shared.run(9, threads: 2) { t in counts.withLock { $0[t] += 1 } }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: 9))
    }

    /// Several instances used from several threads at once (the shared workers busy, so some
    /// calls run on their caller alone) stay exact.
    @Test func concurrentUsersStayExact() async {
        let (m, k, n) = (96, 200, 80)
        var rng = SystemRandomNumberGenerator()
        let cases = (0..<4).map { _ in
            (a: (0..<(m * k)).map { _ in UInt8.random(in: 0...255, using: &rng) },
             b: (0..<(k * n)).map { _ in Int8.random(in: -128...127, using: &rng) })
        }
        let zeros = [Int32](repeating: 0, count: n)
        let expected = cases.map { c -> [Int32] in
            var out = [Int32](repeating: 0, count: m * n)
            IntegerGEMM.multiply(.reference, aSigned: false, a: c.a, b: c.b, offsets: zeros, c: &out, m: m, n: n, k: k)
            return out
        }
        let packed = cases.map { PackedInt8Weights($0.b, k: k, n: n, aSigned: false) }
        let ok = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    (0..<20).allSatisfy { _ in packed[i % 4].multiply(cases[i % 4].a, m: m, threads: 2) == expected[i % 4] }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(ok)
    }
}
