import Synchronization
import Tensor

/// y[M,N] = x[M,K]·W[K,N] + bias[N] in fp32 through an int8 GEMM, with the input quantised per
/// call (dynamic quantisation, as ONNX Runtime's `quantize_dynamic` / torch's dynamic Linear):
///
///   s_x = (max(x, 0) − min(x, 0))/255,  z_x = round(−min(x, 0)/s_x),  q_x = clamp(round(x/s_x) + z_x, 0, 255)
///   q_W[k, j] = round(W[k, j]/s_W[j]),  s_W[j] = max_k |W[k, j]|/127            (per column, once)
///   y[i, j] = s_x·s_W[j]·(Σ_k q_x[i, k]·q_W[k, j] − z_x·Σ_k q_W[k, j]) + bias[j]
///
/// Per call: one min/max pass, then on each thread's rows: quantise, int8 GEMM
/// (`PackedInt8Weights`), dequantise, all while the rows are in cache. Cost O(M·N·K) in int8
/// plus O(M·K + M·N) vectorised fp32. Calls on one instance are serialised by a lock.
public final class DynamicQuantizedLinear: @unchecked Sendable {
    /// Input features K and output features N.
    public let inputs: Int, outputs: Int
    /// The packed int8 weights (uint8 input side).
    public let weights: PackedInt8Weights
    /// s_W, length N.
    public let weightScales: [Float]
    /// fp32 bias, length N (zeros when none was given).
    public let bias: [Float]
    private let scratch = Mutex<Scratch>(Scratch())

    private struct Scratch {
        var codes: [UInt8] = []
        var accumulators: [Int32] = []
    }

    /// Quantises `weight` [K, N] (y = x·W) per column to int8 and packs it; `bias` [N] or nil.
    public init(weight: Tensor<Float>, bias: Tensor<Float>? = nil) {
        precondition(weight.rank == 2, "DynamicQuantizedLinear: weight must be [K, N], got \(weight.shape)")
        let (k, n) = (weight.shape[0], weight.shape[1])
        precondition(bias == nil || bias!.scalars.count == n, "DynamicQuantizedLinear: bias must have \(n) values")
        (inputs, outputs) = (k, n)
        let w = weight.scalars
        var scales = [Float](repeating: 0, count: n)
        for p in 0..<k { for j in 0..<n { scales[j] = Swift.max(scales[j], abs(w[p * n + j])) } }
        scales = scales.map { Swift.max($0, Float.leastNormalMagnitude) / 127 }
        var codes = [Int8](repeating: 0, count: k * n)
        for p in 0..<k { for j in 0..<n { codes[p * n + j] = Int8((w[p * n + j] / scales[j]).rounded(.toNearestOrEven)) } }
        weightScales = scales
        self.bias = bias?.scalars ?? [Float](repeating: 0, count: n)
        weights = PackedInt8Weights(codes, k: k, n: n, aSigned: false)
    }

    /// y = layer(x) for x [M, K] → [M, N].
    public func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> {
        precondition(x.rank == 2 && x.shape[1] == inputs, "DynamicQuantizedLinear: input must be [M, \(inputs)], got \(x.shape)")
        let m = x.shape[0]
        return Tensor(shape: [m, outputs]) { y in
            x.withUnsafeBufferPointer { apply($0.baseAddress!, rows: m, into: y) }
        }
    }

    /// y[M, N] = layer(x[M, K]) on raw row-major buffers; `threads` defaults to `IntegerGEMM.threads`.
    public func apply(_ x: UnsafePointer<Float>, rows m: Int, into y: UnsafeMutablePointer<Float>, threads: Int? = nil) {
        guard m > 0 else { return }
        let (k, n) = (inputs, outputs)
        let (lo, hi) = Self.extrema(x, count: m * k)
        let scale = hi > lo ? (hi - lo) / 255 : 1
        let zero = Swift.min(255, Swift.max(0, (-lo / scale).rounded(.toNearestOrEven)))
        let z = Int32(zero)
        let inverse = 1 / scale
        var columnScale = [Float](repeating: 0, count: n), columnOffset = [Int32](repeating: 0, count: n)
        for j in 0..<n {
            columnScale[j] = scale * weightScales[j]
            columnOffset[j] = -z &* weights.columnSums[j]
        }
        scratch.withLock { s in
            if s.codes.count < m * k { s.codes = [UInt8](repeating: 0, count: m * k) }
            if s.accumulators.count < m * n { s.accumulators = [Int32](repeating: 0, count: m * n) }
            s.codes.withUnsafeMutableBufferPointer { qb in
                s.accumulators.withUnsafeMutableBufferPointer { cb in
                    columnScale.withUnsafeBufferPointer { cs in
                        columnOffset.withUnsafeBufferPointer { co in
                            bias.withUnsafeBufferPointer { bb in
                                let q = qb.baseAddress!, c = cb.baseAddress!
                                weights.run(a: q, transposeA: false, c: c, m: m, threads: threads, prologue: { rows in
                                    Self.quantize(x + rows.lowerBound * k, into: q + rows.lowerBound * k, count: rows.count * k,
                                                  inverseScale: inverse, zeroPoint: zero)
                                }, epilogue: { rows in
                                    for i in rows {
                                        Self.dequantize(c + i * n, into: y + i * n, count: n, offsets: co.baseAddress!,
                                                        scales: cs.baseAddress!, bias: bb.baseAddress!)
                                    }
                                })
                            }
                        }
                    }
                }
            }
        }
    }

    /// (min(x, 0), max(x, 0)) in 16-wide lanes (compare-and-select: `pointwiseMin` on floats
    /// handles NaN lane by lane and does not vectorise).
    static func extrema(_ x: UnsafePointer<Float>, count: Int) -> (Float, Float) {
        var lo = SIMD16<Float>(repeating: 0), hi = lo
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            lo = lo.replacing(with: v, where: v .< lo); hi = hi.replacing(with: v, where: v .> hi)
            i += 16
        }
        var l = lo.min(), h = hi.max()
        while i < count { l = Swift.min(l, x[i]); h = Swift.max(h, x[i]); i += 1 }
        return (l, h)
    }

    /// q = clamp(round(x/s) + z, 0, 255), round half to even, 16 lanes at a time (NaN gives an
    /// unspecified code, never a trap). Adding 2^23 + z makes the fp32 add itself round to an
    /// integer held in the low mantissa bits (Swift's generic float→int SIMD conversion is slow).
    static func quantize(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<UInt8>, count: Int, inverseScale: Float, zeroPoint: Float) {
        let magic: Float = 8_388_608
        let lo = SIMD16<Float>(repeating: magic), hi = SIMD16<Float>(repeating: magic + 255)
        let shift = SIMD16<Float>(repeating: magic + zeroPoint), scale = SIMD16<Float>(repeating: inverseScale)
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) * scale + shift
            let clamped = v.replacing(with: lo, where: v .< lo).replacing(with: hi, where: v .> hi)
            let bits = unsafeBitCast(clamped, to: SIMD16<UInt32>.self)
            UnsafeMutableRawPointer(q + i).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: bits), as: SIMD16<UInt8>.self)
            i += 16
        }
        while i < count {
            let v = Swift.min(Swift.max((x[i] * inverseScale).rounded(.toNearestOrEven) + zeroPoint, 0), 255)
            q[i] = v.isNaN ? 0 : UInt8(v)
            i += 1
        }
    }

    /// y = Float(c + offsets)·scales + bias over one row of N.
    static func dequantize(_ c: UnsafePointer<Int32>, into y: UnsafeMutablePointer<Float>, count: Int, offsets: UnsafePointer<Int32>,
                           scales: UnsafePointer<Float>, bias: UnsafePointer<Float>) {
        for j in 0..<count { y[j] = Float(c[j] &+ offsets[j]) * scales[j] + bias[j] }
    }
}
