/// The integer heart of a quantized Linear or Conv2D: int8 weights stored [K, N] (so the GEMM
/// reads them without a transpose), int32 bias, and the fused requantisation
///
///   acc[n] = Σ_k q_x[k]·q_w[k, n] + (bias_q[n] − z_x·Σ_k q_w[k, n])      (zero point folded into the offset)
///   y[n]   = clamp(z_y + round(acc[n] · s_x·s_w[n]/s_y), lo, hi)          (fixed-point multiplier, ReLU → lo = max(z_y, qmin))
///
/// with bias_q[n] = round(b[n] / (s_x·s_w[n])).
public struct IntegerMatmulCore: Sendable {
    /// Output features N and reduction length K.
    public let outputs: Int, reduction: Int
    /// Weight codes, [K, N] row-major.
    public let weightCodes: [Int8]
    /// The weights' per-channel (length N) or per-tensor (length 1) symmetric scheme and scales.
    public let weightParameters: QuantizationParameters
    /// int32 bias in units of s_x·s_w[n], length N.
    public let bias: [Int32]
    public let input: ActivationQuantization
    public let output: ActivationQuantization
    /// Whether a ReLU is fused into the clamp.
    public let relu: Bool
    /// Derived: the GEMM's column offsets and the per-column requantisation multipliers.
    let offsets: [Int32]
    let multipliers: [FixedPointMultiplier]
    /// `multipliers` as lane groups of 16 channels (`requantize`).
    let requantizeGroups: [RequantizeLanes]
    /// The channels-last requantisation (offsets added), for oneDNN convolutions' bare sums.
    let periodic: PeriodicRequantization

    /// Quantises float weights `weight` [N, K] (rows are output channels) with `weightParameters`
    /// (symmetric, per-tensor or per-channel along axis 0) and `bias` [N] to int32.
    public init(weight: Tensor<Float>, bias: Tensor<Float>?, weightParameters: QuantizationParameters,
                input: ActivationQuantization, output: ActivationQuantization, relu: Bool) throws {
        precondition(weight.rank == 2, "IntegerMatmulCore: weight must be [N, K], got \(weight.shape)")
        let (n, k) = (weight.shape[0], weight.shape[1])
        let codes = weightParameters.quantize(weight)
        let scales = IntegerMatmulCore.channelScales(weightParameters, n)
        var biasQ = [Int32](repeating: 0, count: n)
        if let bias {
            for j in 0..<n {
                let real = Double(bias.scalars[j]) / (Double(input.scale) * Double(scales[j]))
                biasQ[j] = Int32(clamping: Int64(real.rounded()))
            }
        }
        var transposed = [Int8](repeating: 0, count: n * k)
        for j in 0..<n { for p in 0..<k { transposed[p * n + j] = Int8(codes[j * k + p]) } }
        try self.init(weightCodes: transposed, outputs: n, reduction: k, weightParameters: weightParameters, bias: biasQ,
                      input: input, output: output, relu: relu)
    }

    /// From stored integers (a loaded file); throws when sizes, schemes or codes are inconsistent.
    public init(weightCodes: [Int8], outputs n: Int, reduction k: Int, weightParameters: QuantizationParameters, bias: [Int32],
                input: ActivationQuantization, output: ActivationQuantization, relu: Bool) throws {
        guard n > 0, k > 0, weightCodes.count == n * k, bias.count == n else {
            throw QuantizationError.invalidScheme("integer layer: \(weightCodes.count) weight codes and \(bias.count) biases do not fit N=\(n), K=\(k)")
        }
        guard k < 66_000 else { throw QuantizationError.invalidScheme("integer layer: K = \(k) could overflow int32 accumulation") }
        let s = weightParameters.scheme
        guard s.isSigned && s.isSymmetric && weightParameters.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw QuantizationError.invalidScheme("integer layers need signed symmetric weights (zero point 0), got \(s)")
        }
        switch s.granularity {
        case .perTensor: break
        case .perChannel(let axis) where axis == 0 && weightParameters.scales.count == n: break
        default: throw QuantizationError.invalidScheme("integer layers need per-tensor or per-output-channel weights, got \(s)")
        }
        if let bad = weightCodes.first(where: { Int32($0) < s.qmin || Int32($0) > s.qmax }) {
            throw QuantizationError.invalidScheme("weight code \(bad) outside [\(s.qmin), \(s.qmax)] of \(s)")
        }
        self.outputs = n; self.reduction = k; self.weightCodes = weightCodes; self.weightParameters = weightParameters
        self.bias = bias; self.input = input; self.output = output; self.relu = relu
        let scales = IntegerMatmulCore.channelScales(weightParameters, n)
        var offsets = bias
        for p in 0..<k { for j in 0..<n { offsets[j] &-= input.zeroPoint &* Int32(weightCodes[p * n + j]) } }
        self.offsets = offsets
        let reals = scales.map { Double(input.scale) * Double($0) / Double(output.scale) }
        if let bad = reals.firstIndex(where: { !($0.isFinite && $0 >= 0 && $0 < 0x1p30) }) {
            throw QuantizationError.invalidScheme(
                "requantisation multiplier s_in·s_w/s_out = \(reals[bad]) of output channel \(bad) is outside [0, 2^30) "
                    + "(weight scale \(scales[bad]), input scale \(input.scale), output scale \(output.scale))")
        }
        let multipliers = reals.map { FixedPointMultiplier($0) }
        self.multipliers = multipliers
        let lo = relu ? Swift.max(output.zeroPoint, output.qmin) : output.qmin
        let padded = multipliers + [FixedPointMultiplier](repeating: FixedPointMultiplier(0), count: (16 - n % 16) % 16)
        requantizeGroups = stride(from: 0, to: n, by: 16).map {
            RequantizeLanes(padded[$0..<($0 + 16)], zero: output.zeroPoint, lo: lo, hi: output.qmax)
        }
        periodic = PeriodicRequantization(multipliers: multipliers, offsets: offsets, zero: output.zeroPoint, lo: lo, hi: output.qmax)
    }

    static func channelScales(_ p: QuantizationParameters, _ n: Int) -> [Float] {
        p.scales.count == n ? p.scales : [Float](repeating: p.scales[0], count: n)
    }

    /// The smallest output code after the fused activation.
    var lowerBound: Int32 { relu ? Swift.max(output.zeroPoint, output.qmin) : output.qmin }

    /// acc [rows, N] → output codes; row r = image·plane + p goes to out[(image·N + n)·plane + p]
    /// (plane = 1 for Linear: out is [rows, N]). `RequantizeLanes` over 16 channels at a time,
    /// bit for bit `FixedPointMultiplier.apply` + zero point + clamp (checked in tests). O(rows·N).
    func requantize(_ acc: UnsafePointer<Int32>, rows: Int, plane: Int, into out: UnsafeMutablePointer<UInt8>) {
        let n = outputs
        requantizeGroups.withUnsafeBufferPointer { groups in
            for r in 0..<rows {
                let src = acc + r * n
                let dst = out + (r / plane) * n * plane + r % plane
                for (g, lanes) in groups.enumerated() {
                    let j = 16 * g, count = Swift.min(16, n - j)
                    if plane == 1 {
                        lanes.run(src + j, count: count, into: dst + j)
                    } else {
                        lanes.strided(src + j, count: count, into: dst + j * plane, stride: plane)
                    }
                }
            }
        }
    }

    /// The GEMM of `rows` input rows (codes [rows, K], or [K, rows] with `transposed`) and the
    /// requantisation into `out`.
    func run(_ a: UnsafePointer<UInt8>, transposed: Bool = false, rows: Int, plane: Int, backend: IntegerBackend,
             into out: UnsafeMutablePointer<UInt8>) {
        let acc = UnsafeMutablePointer<Int32>.allocate(capacity: rows * outputs)
        defer { acc.deallocate() }
        weightCodes.withUnsafeBufferPointer { w in
            offsets.withUnsafeBufferPointer { o in
                IntegerGEMM.multiply(backend, aSigned: input.isSigned, transposeA: transposed, a: a, b: w.baseAddress!, offsets: o.baseAddress!, c: acc,
                                     m: rows, n: outputs, k: reduction)
            }
        }
        requantize(acc, rows: rows, plane: plane, into: out)
    }
}
