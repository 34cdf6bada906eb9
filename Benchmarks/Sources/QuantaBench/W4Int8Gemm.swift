import Quanta

/// W4's int8 rows: C[M,N] = A[M,K]·B[K,N] with A quantised to uint8 (the per-call input) and B to
/// int8 per column (the constant weight), int32 out, through oneDNN's `dnnl_gemm_u8s8s32`, beside
/// Quanta's own fp32 GEMM (`Float.gemm`, OpenBLAS) on the same data, sampled interleaved.
/// Rows (`impl`): `quanta.int8.onednn` raw u8×s8→s32 (the peer rows ORT MatMulInteger / torch
/// `_int_mm`); `quanta.int8.dynamic` fp32 in → per-call uint8 quantisation → int8 GEMM →
/// fp32 out (the peers' quantize_dynamic rows); `quanta.fp32.gemm` the fp32 reference.
/// GOP/s = 2MKN/time. Int8 rows carry `vs_quanta_fp32` (paired ratio) and `check_exact_vs_reference`
/// (the oneDNN result equals the plain-Swift integer reference bit for bit).
extension Workload {
    static let int8gemm = Workload(
        name: "int8gemm", reference: "W4",
        summary: "int8 GEMM (256,784,256), (1024,1024,1024): oneDNN u8s8s32 vs Quanta fp32, GOP/s"
    ) { bench in
        IntegerGEMM.setThreads(bench.threads)
        for shape in GemmCase.shapes { Int8GemmCase(GemmCase(shape)).run(bench) }
    }
}

struct Int8GemmCase {
    let base: GemmCase
    let aParams: ActivationQuantization
    let aCodes: [UInt8]
    let bCodes: [Int8]
    let bScales: [Float]
    let offsets: [Int32]
    /// Σ_k B[k, j], computed once with the weights.
    let colSums: [Int32]

    init(_ base: GemmCase) {
        self.base = base
        let (k, n) = (base.k, base.n)
        var lo = Float.infinity, hi = -Float.infinity
        for v in base.a.scalars { lo = min(lo, v); hi = max(hi, v) }
        aParams = try! ActivationQuantization(try! QuantizationParameters(scheme: .uint8Affine, shape: [], minimums: [lo], maximums: [hi]))
        aCodes = QuantizedActivation(quantizing: base.a, aParams).codes
        // B [K, N] per column symmetric: scale_j = max_k |B[k, j]| / 127
        var scales = [Float](repeating: 0, count: n)
        for p in 0..<k { for j in 0..<n { scales[j] = max(scales[j], abs(base.b.scalars[p * n + j])) } }
        bScales = scales.map { max($0, 1e-12) / 127 }
        var codes = [Int8](repeating: 0, count: k * n)
        for p in 0..<k { for j in 0..<n { codes[p * n + j] = Int8((base.b.scalars[p * n + j] / bScales[j]).rounded()) } }
        bCodes = codes
        // zero point of A folded into the column offsets: −z_a·Σ_k B[k, j]
        var colSums = [Int32](repeating: 0, count: n)
        for p in 0..<k { for j in 0..<n { colSums[j] += Int32(codes[p * n + j]) } }
        self.colSums = colSums
        let z = aParams.zeroPoint
        offsets = colSums.map { -z * $0 }
    }

    func run(_ bench: Bench) {
        let (m, k, n) = (base.m, base.k, base.n)
        var c = [Int32](repeating: 0, count: m * n)
        var cf = Tensor<Float>.zeros([m, n])
        let a = base.a, b = base.b
        let raw = Timing.loop {
            IntegerGEMM.multiply(.oneDNN, aSigned: false, a: aCodes, b: bCodes, offsets: offsets, c: &c, m: m, n: n, k: k)
        }
        let dynamic = Timing.loop {
            // per call: range of A, quantise, GEMM, dequantise with s_a·s_b[j]
            var lo = Float.infinity, hi = -Float.infinity
            a.withUnsafeBufferPointer { for v in $0 { lo = min(lo, v); hi = max(hi, v) } }
            let p = try! ActivationQuantization(try! QuantizationParameters(scheme: .uint8Affine, shape: [], minimums: [lo], maximums: [hi]))
            let codes = QuantizedActivation(quantizing: a, p).codes
            let z = p.zeroPoint
            let colOffsets = colSums.map { -z * $0 }
            IntegerGEMM.multiply(.oneDNN, aSigned: false, a: codes, b: bCodes, offsets: colOffsets, c: &c, m: m, n: n, k: k)
            cf.withUnsafeMutableBufferPointer { out in
                for i in 0..<m { for j in 0..<n { out[i * n + j] = Float(c[i * n + j]) * p.scale * bScales[j] } }
            }
        }
        let fp32 = Timing.loop {
            cf.withUnsafeMutableBufferPointer { out in
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        Float.gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: ap.baseAddress!, lda: k,
                                   b: bp.baseAddress!, ldb: n, beta: 0, c: out.baseAddress!, ldc: n)
                    }
                }
            }
        }
        let names = ["quanta.int8.onednn", "quanta.int8.dynamic", "quanta.fp32.gemm"]
        let loops = [raw, dynamic, fp32]
        let minTime = bench.minTime(0.2)
        let calls = loops.map { Timing.calibrate($0, minTime: minTime) }
        let seconds = Timing.interleaved(loops, calls: calls, samples: bench.samples(7))
        let gops = seconds.map { $0.map { base.flops / $0 / 1e9 } }

        var fast = [Int32](repeating: 0, count: m * n), slow = fast
        IntegerGEMM.multiply(.oneDNN, aSigned: false, a: aCodes, b: bCodes, offsets: offsets, c: &fast, m: m, n: n, k: k)
        IntegerGEMM.multiply(.reference, aSigned: false, a: aCodes, b: bCodes, offsets: offsets, c: &slow, m: m, n: n, k: k)
        for (i, name) in names.enumerated() {
            var extra: JSONLine = ["impl": .string(name), "m": .int(m), "k": .int(k), "n": .int(n), "calls_per_sample": .int(calls[i]),
                                   "median_ms": .double(Stats(seconds[i]).median * 1e3)]
            if i < 2 {
                extra["vs_quanta_fp32"] = .double(Stats(zip(gops[i], gops[2]).map { $0 / $1 }).median)
                extra["check_exact_vs_reference"] = .bool(fast == slow)
            }
            bench.emit(case: base.name, unit: i < 2 ? "GOP/s" : "GFLOP/s", stats: Stats(gops[i]), extra)
        }
    }
}
