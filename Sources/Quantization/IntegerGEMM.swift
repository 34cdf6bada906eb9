import CDNNL
import Synchronization

/// Which integer GEMM runs a quantized model.
public enum IntegerBackend: String, Sendable, CaseIterable, Codable {
    /// oneDNN `dnnl_gemm_u8s8s32` / `dnnl_gemm_s8s8s32` (VNNI on AVX-512 machines: exact int32).
    case oneDNN
    /// Plain Swift int32 loops: the reference every fast path is tested against.
    case reference
}

/// C[M,N] = A[M,K]·B[K,N] + offsets[N] in int32, row-major, with 8-bit A (unsigned or signed
/// codes, passed as raw bytes) and signed 8-bit B. The per-column offsets carry the bias and the
/// folded activation zero point, so the GEMM itself needs no zero points. Cost O(M·N·K).
public enum IntegerGEMM {
    /// Sets the threads of the integer GEMMs: `PackedInt8Weights` (Quanta's own workers) and the
    /// `dnnl_gemm_*` calls below (oneDNN's OpenMP runtime). The reference path is single-threaded.
    /// For the `dnnl_gemm_*` calls with more than one thread, run with `OMP_WAIT_POLICY=passive`
    /// when OpenBLAS work alternates with integer work: spinning OpenMP workers otherwise steal the
    /// cores OpenBLAS needs and the reverse (measured on 2 cores: 8.6 vs 336 GOP/s).
    public static func setThreads(_ n: Int) {
        omp_set_num_threads(Int32(Swift.max(1, n)))
        threadCount.store(Swift.max(1, n), ordering: .relaxed)
    }

    /// The thread count last set by `setThreads` (1 by default).
    public static var threads: Int { threadCount.load(ordering: .relaxed) }
    private static let threadCount = Atomic<Int>(1)

    /// Runs the GEMM on `backend`. `aSigned` says whether A's bytes are int8 (else uint8).
    /// Both backends give identical results: every product and sum is exact in int32
    /// as long as K·255·127 < 2^31 (K < 66,000).
    /// With `transposeA`, A is stored [K, M] (an im2col buffer) and op(A) = Aᵀ is used.
    public static func multiply(_ backend: IntegerBackend, aSigned: Bool, transposeA: Bool = false, a: UnsafePointer<UInt8>,
                                b: UnsafePointer<Int8>, offsets: UnsafePointer<Int32>, c: UnsafeMutablePointer<Int32>,
                                m: Int, n: Int, k: Int) {
        precondition(k < 66_000, "IntegerGEMM: K = \(k) could overflow int32 accumulation")
        guard m > 0 && n > 0 else { return }
        switch backend {
        case .oneDNN:
            let ta: CChar = transposeA ? 84 : 78, lda = Int64(transposeA ? m : k)
            let status: dnnl_status_t
            if aSigned {
                status = a.withMemoryRebound(to: Int8.self, capacity: m * k) { sa in
                    dnnl_gemm_s8s8s32(ta, 78, 82, Int64(m), Int64(n), Int64(k), 1, sa, lda, 0, b, Int64(n), 0, 0, c, Int64(n), offsets)
                }
            } else {
                // 'N', 'N', 'R': no transposes, offsets form a row vector added to every row.
                status = dnnl_gemm_u8s8s32(ta, 78, 82, Int64(m), Int64(n), Int64(k), 1, a, lda, 0, b, Int64(n), 0, 0, c, Int64(n), offsets)
            }
            precondition(status == dnnl_success, "IntegerGEMM: oneDNN returned status \(status.rawValue) for M=\(m) N=\(n) K=\(k)")
        case .reference:
            if aSigned {
                a.withMemoryRebound(to: Int8.self, capacity: m * k) { referenceKernel($0, transposeA, b, offsets, c, m, n, k) }
            } else {
                referenceKernel(a, transposeA, b, offsets, c, m, n, k)
            }
        }
    }

    /// C[M,N] = A[M,K]·B[K,N] + rowOffsets[M] with signed 8-bit A and B (row-major, int32 C):
    /// the channel-major convolution, A = weights [O, K], B = im2col codes [K, B·OH·OW].
    /// oneDNN `dnnl_gemm_s8s8s32` ('N', 'N', offsets 'C') or the reference loops; identical results.
    public static func multiplySigned(_ backend: IntegerBackend, a: UnsafePointer<Int8>, b: UnsafePointer<Int8>,
                                      rowOffsets: UnsafePointer<Int32>, c: UnsafeMutablePointer<Int32>, m: Int, n: Int, k: Int) {
        precondition(k < 66_000, "IntegerGEMM: K = \(k) could overflow int32 accumulation")
        guard m > 0 && n > 0 else { return }
        switch backend {
        case .oneDNN:
            let status = dnnl_gemm_s8s8s32(78, 78, 67, Int64(m), Int64(n), Int64(k), 1, a, Int64(k), 0, b, Int64(n), 0, 0, c, Int64(n), rowOffsets)
            precondition(status == dnnl_success, "IntegerGEMM: oneDNN returned status \(status.rawValue) for M=\(m) N=\(n) K=\(k)")
        case .reference:
            for i in 0..<m {
                let row = c + i * n
                row.update(repeating: rowOffsets[i], count: n)
                for p in 0..<k {
                    let av = Int32(a[i * k + p])
                    if av == 0 { continue }
                    let bp = b + p * n
                    for j in 0..<n { row[j] &+= av &* Int32(bp[j]) }
                }
            }
        }
    }

    /// The reference: for each row, c = offsets, then c += a[i,p]·b[p,:] over p (int32, wrapping
    /// arithmetic never triggers within the K bound above).
    static func referenceKernel<A: FixedWidthInteger>(_ a: UnsafePointer<A>, _ transposeA: Bool, _ b: UnsafePointer<Int8>, _ offsets: UnsafePointer<Int32>,
                                                      _ c: UnsafeMutablePointer<Int32>, _ m: Int, _ n: Int, _ k: Int) {
        for i in 0..<m {
            let row = c + i * n
            row.update(from: offsets, count: n)
            for p in 0..<k {
                let av = Int32(transposeA ? a[p * m + i] : a[i * k + p])
                if av == 0 { continue }
                let bp = b + p * n
                for j in 0..<n { row[j] &+= av &* Int32(bp[j]) }
            }
        }
    }
}
