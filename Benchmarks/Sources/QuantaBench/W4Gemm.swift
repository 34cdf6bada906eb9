import CGemmBench
import Quanta

/// W4's fp32 rows: C[M,N] = A[M,K] · B[K,N] through Quanta's Tensor module and through
/// OpenBLAS called directly from C (the acceptance target: Quanta ≥ 90 % of the C figure).
extension Workload {
    static let gemm = Workload(
        name: "gemm", reference: "W4",
        summary: "fp32 GEMM (256,784,256), (1024,1024,1024): Quanta vs OpenBLAS from C, GFLOP/s"
    ) { bench in
        for shape in GemmCase.shapes { GemmCase(shape).run(bench) }
    }
}

/// One GEMM shape, its seeded data, and the variants measured on it.
struct GemmCase {
    /// (M, K, N) as in WORKLOADS.md.
    static let shapes = [(256, 784, 256), (1024, 1024, 1024)]

    let m: Int, k: Int, n: Int
    /// A ~ N(0, 1) (the per-call input), B ~ N(0, 1/K) (the constant weight); seed 0.
    let a: Tensor<Float>, b: Tensor<Float>

    init(_ shape: (Int, Int, Int)) {
        (m, k, n) = shape
        var rng = RandomGenerator(seed: 0)
        a = Tensor<Float>.normal([m, k], rng: &rng)
        b = Tensor<Float>.normal([k, n], std: 1 / Float(k).squareRoot(), rng: &rng)
    }

    var name: String { "\(m)x\(k)x\(n)" }
    /// 2·M·K·N: one multiply and one add per inner-product term.
    var flops: Double { 2 * Double(m) * Double(k) * Double(n) }

    /// Measures the variants interleaved and emits one line each; Quanta rows carry their
    /// ratio to the C row.
    func run(_ bench: Bench) {
        let (m, n, k) = (self.m, self.n, self.k)
        // The C side owns plain malloc'd copies, as a C program would.
        let ca = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
        let cb = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
        let cc = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { ca.deallocate(); cb.deallocate(); cc.deallocate() }
        a.withUnsafeBufferPointer { ca.initialize(from: $0.baseAddress!, count: m * k) }
        b.withUnsafeBufferPointer { cb.initialize(from: $0.baseAddress!, count: k * n) }
        cc.initialize(repeating: 0, count: m * n)

        let openblasC = GemmVariant(name: "c.openblas", loop: { calls in
            gemm_bench_openblas_loop(Int32(m), Int32(n), Int32(k), ca, cb, cc, Int32(calls))
        }, output: { Array(UnsafeBufferPointer(start: cc, count: m * n)) })
        let variants = [openblasC, gemmVariant(), matmulVariant()]

        let minTime = bench.minTime(0.2)
        let calls = variants.map { Timing.calibrate($0.loop, minTime: minTime) }
        let seconds = Timing.interleaved(variants.map(\.loop), calls: calls, samples: bench.samples(7))
        let gflops = seconds.map { $0.map { flops / $0 / 1e9 } }

        let reference = openblasC.output()
        let checkSum = reference.reduce(0.0) { $0 + Double($1) }
        for (i, variant) in variants.enumerated() {
            let stats = Stats(gflops[i])
            var extra: JSONLine = [
                "impl": .string(variant.name), "m": .int(m), "k": .int(k), "n": .int(n),
                "calls_per_sample": .int(calls[i]), "median_ms": .double(Stats(seconds[i]).median * 1e3),
            ]
            if i == 0 {
                extra["blas_threads"] = .int(Int(gemm_bench_threads()))
                extra["blas_config"] = .string(String(cString: gemm_bench_openblas_config()))
                extra["check_sum"] = .double(checkSum)
            } else {
                // Paired ratio: sample j of this variant against sample j of C, taken back to back.
                let paired = Stats(zip(gflops[i], gflops[0]).map { $0 / $1 })
                extra["vs_c_openblas"] = .double(paired.median)
                extra["vs_c_openblas_of_medians"] = .double(stats.median / Stats(gflops[0]).median)
                let maxDiff = zip(reference, variant.output()).reduce(Float(0)) { Swift.max($0, abs($1.0 - $1.1)) }
                extra["check_max_abs_diff_vs_c"] = .double(Double(maxDiff))
            }
            bench.emit(case: name, unit: "GFLOP/s", stats: stats, extra)
        }
    }
}
