import CDNNL
import Foundation
import Synchronization

/// A constant int8 GEMM operand B [K, N] reordered once into oneDNN's blocked weights layout, with
/// cached matmul primitives, for C[M,N] = op(A)[M,K]·B[K,N] + offsets[N] in exact int32.
///
/// The old `IntegerGEMM.multiply` (`dnnl_gemm_u8s8s32`) repacks B on every call and threads
/// poorly at these sizes; here B is packed at init (O(K·N)), each call splits the M rows over
/// `IntegerGEMM.threads` threads (`IntegerGEMMWorkers`) that each run a single-threaded oneDNN
/// matmul primitive (brgemm, VNNI) on their rows and then add the offsets while the rows are hot.
/// The offsets are added in Swift rather than as oneDNN's bias, which goes through fp32 and is
/// not exact once |C| > 2^24. A's signedness is fixed at init: oneDNN packs B differently
/// for s8 A (with a compensation term). Calls on one instance are serialised by a lock.
public final class PackedInt8Weights: @unchecked Sendable {
    /// Reduction length K and output columns N.
    public let k: Int, n: Int
    /// Whether A's bytes are int8 (else uint8).
    public let aSigned: Bool
    /// Σ_k B[k, j], length N: fold an activation zero point z as offsets[j] = bias[j] − z·columnSums[j].
    public let columnSums: [Int32]

    let packed: DNNLBuffer
    /// Plain row-major B for a primitive that cannot take the packed layout (not seen so far).
    let plain: DNNLBuffer
    private let kernels = Mutex<[KernelKey: MatmulKernel]>([:])

    /// Packs `b` [K, N] row-major. Cost O(K·N); the packed copy takes about K·N bytes.
    public init(b: UnsafePointer<Int8>, k: Int, n: Int, aSigned: Bool) {
        precondition(k > 0 && n > 0 && k < 66_000, "PackedInt8Weights: need 0 < K < 66,000 and N > 0, got K=\(k) N=\(n)")
        (self.k, self.n, self.aSigned) = (k, n, aSigned)
        var sums = [Int32](repeating: 0, count: n)
        for p in 0..<k { for j in 0..<n { sums[j] &+= Int32(b[p * n + j]) } }
        columnSums = sums
        plain = DNNLBuffer(DNNL.descriptor([k, n], dnnl_s8, tag: dnnl_ab))
        plain.raw.copyMemory(from: b, byteCount: k * n)
        // The layout brgemm chooses for a mid-size M; other M reuse it (checked per kernel).
        guard let probe = MatmulKernel.descriptor(rows: 128, lda: k, transposeA: false, k: k, n: n, aSigned: aSigned,
                                                  weights: DNNL.descriptor([k, n], dnnl_s8, tag: dnnl_format_tag_any)) else {
            preconditionFailure("oneDNN: no int8 matmul for K=\(k) N=\(n)")
        }
        dnnl_primitive_desc_destroy(probe.pd)
        packed = DNNLBuffer(probe.weights)
        DNNL.reorder(from: plain, to: packed)
    }

    /// Convenience: packs an array [K, N] row-major.
    public convenience init(_ b: [Int8], k: Int, n: Int, aSigned: Bool) {
        precondition(b.count == k * n, "PackedInt8Weights: \(b.count) codes for K=\(k) N=\(n)")
        self.init(b: b, k: k, n: n, aSigned: aSigned)
    }

    /// C[M,N] = op(A)·B + offsets[N] (offsets added to every row; nil = none), int32, exactly
    /// equal to `IntegerGEMM.multiply(.reference, …)`. A is [M, K] row-major, or with
    /// `transposeA` stored [K, M] (an im2col buffer) and op(A) = Aᵀ. `threads` defaults to
    /// `IntegerGEMM.threads`. Cost O(M·N·K) on min(threads, M/16) threads.
    public func multiply(a: UnsafePointer<UInt8>, transposeA: Bool = false, offsets: UnsafePointer<Int32>?,
                         c: UnsafeMutablePointer<Int32>, m: Int, threads: Int? = nil) {
        let n = self.n
        run(a: a, transposeA: transposeA, c: c, m: m, threads: threads) { rows in
            guard let offsets else { return }
            for i in rows {
                let row = c + i * n
                for j in 0..<n { row[j] &+= offsets[j] }
            }
        }
    }

    /// Array convenience for `multiply(a:transposeA:offsets:c:m:threads:)`.
    public func multiply(_ a: [UInt8], transposeA: Bool = false, offsets: [Int32]? = nil, m: Int, threads: Int? = nil) -> [Int32] {
        precondition(a.count == m * k && (offsets?.count ?? n) == n, "PackedInt8Weights: A has \(a.count) codes for M=\(m) K=\(k)")
        var c = [Int32](repeating: 0, count: m * n)
        c.withUnsafeMutableBufferPointer { cp in
            if let offsets {
                offsets.withUnsafeBufferPointer { multiply(a: a, transposeA: transposeA, offsets: $0.baseAddress!, c: cp.baseAddress!, m: m, threads: threads) }
            } else {
                multiply(a: a, transposeA: transposeA, offsets: nil, c: cp.baseAddress!, m: m, threads: threads)
            }
        }
        return c
    }

    /// The GEMM C = op(A)·B over row chunks; on each chunk's thread, `prologue(rows)` first (e.g.
    /// writing those rows of A) and `epilogue(rows)` after (rows of C just written, still in cache).
    func run(a: UnsafePointer<UInt8>, transposeA: Bool, c: UnsafeMutablePointer<Int32>, m: Int, threads: Int?,
             prologue: ((Range<Int>) -> Void)? = nil, epilogue: (Range<Int>) -> Void) {
        guard m > 0 else { return }
        let threads = Self.threads(m: m, n: n, k: k, threads: threads ?? IntegerGEMM.threads)
        let chunks = Self.chunks(m: m, threads: threads)
        let lda = transposeA ? m : k
        kernels.withLock { cache in
            var byRows: [Int: MatmulKernel] = [:]
            for r in chunks {
                let key = KernelKey(rows: r.count, lda: lda, transposeA: transposeA)
                if byRows[r.count] != nil { continue }
                if cache[key] == nil { cache[key] = MatmulKernel(key, weights: self) }
                byRows[r.count] = cache[key]!
                byRows[r.count]!.reserve(slots: chunks.count)
            }
            // The caller's own OpenMP team must not open a parallel region inside its chunk.
            let ompThreads = omp_get_max_threads()
            if ompThreads != 1 { omp_set_num_threads(1) }
            defer { if ompThreads != 1 { omp_set_num_threads(ompThreads) } }
            IntegerGEMMWorkers.shared.run(chunks.count, threads: threads) { t in
                let rows = chunks[t]
                prologue?(rows)
                let src = transposeA ? a + rows.lowerBound : a + rows.lowerBound * k
                byRows[rows.count]!.execute(slot: t, a: src, c: c + rows.lowerBound * n)
                epilogue(rows)
            }
        }
    }

    /// Threads worth using: at most one per 16 rows (the brgemm M block), one when the product
    /// is too small (< 2^21 MACs) to repay a second thread.
    static func threads(m: Int, n: Int, k: Int, threads: Int) -> Int {
        Swift.max(1, Swift.min(threads, m / 16, (m * n * k) >> 21))
    }

    /// Row ranges for `threads` threads, one each, in multiples of 16 rows. One chunk per thread
    /// measured best (256×784×256, 2 threads, interleaved and paired: 2 per thread ties, 4 loses
    /// ~1.5 %; the brgemm prefers tall chunks over finer balancing).
    static func chunks(m: Int, threads: Int) -> [Range<Int>] {
        guard threads > 1 else { return [0..<m] }
        let t = Swift.min(threads, m / 16)
        let per = ((m + t - 1) / t + 15) / 16 * 16
        return stride(from: 0, to: m, by: per).map { $0..<Swift.min(m, $0 + per) }
    }
}

struct KernelKey: Hashable {
    let rows: Int, lda: Int, transposeA: Bool
}
