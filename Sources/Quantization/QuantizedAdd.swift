import CKernels

/// The integer sum of two activations of the same shape (a residual connection), requantised to
/// its own parameters with an optional fused ReLU:
///
///   y = clamp(z_y + ⌊(m_a·(q_a − z_a) + m_b·(q_b − z_b) + 2^(S−1)) / 2^S⌋, lo, hi),
///   m_a = round(s_a/s_y·2^S), m_b = round(s_b/s_y·2^S)
///
/// with lo = max(z_y, qmin) under ReLU. S is the largest shift ≤ 20 with m·2·255 < 2^31, so the
/// int32 arithmetic is exact; the result is within half a code (plus 2^−S relative) of rounding
/// the real sum. O(count).
public struct QuantizedAdd: Sendable {
    /// The quantisation of the two summands and of the sum.
    public let a: ActivationQuantization, b: ActivationQuantization, output: ActivationQuantization
    public let relu: Bool
    let multiplierA: Int32, multiplierB: Int32, shift: Int32
    /// 2^(S−1) (0 when S = 0): rounds the shift to nearest.
    let half: Int32

    /// Throws when a scale ratio s/s_y is 2^14 or more (the scales do not belong together).
    public init(a: ActivationQuantization, b: ActivationQuantization, output: ActivationQuantization, relu: Bool) throws {
        guard a.isSigned == output.isSigned && b.isSigned == output.isSigned else {
            throw QuantizationError.invalidScheme("integer add: summands and sum must all be signed or all unsigned")
        }
        let ratios = [Double(a.scale) / Double(output.scale), Double(b.scale) / Double(output.scale)]
        let largest = ratios.max()!
        guard largest < 0x1p14 else {
            throw QuantizationError.invalidScheme("integer add: scale ratio \(largest) of a summand to the sum is not below 2^14")
        }
        var s: Int32 = 20
        while s > 0 && (largest * Double(1 << s)).rounded() * 510 >= 0x1p31 { s -= 1 }
        self.a = a; self.b = b; self.output = output; self.relu = relu
        shift = s
        half = s > 0 ? 1 << (s - 1) : 0
        multiplierA = Int32((ratios[0] * Double(1 << s)).rounded())
        multiplierB = Int32((ratios[1] * Double(1 << s)).rounded())
    }

    /// The codes' zero points and bounds as seen on sign-flipped bytes: a signed code q is
    /// handled as the unsigned byte q + 128 (its bit pattern with the top bit flipped).
    private var flip: UInt8 { output.isSigned ? 0x80 : 0 }
    private var offset: Int32 { output.isSigned ? 128 : 0 }
    private var lowerBound: Int32 { (relu ? Swift.max(output.zeroPoint, output.qmin) : output.qmin) + offset }
    private var upperBound: Int32 { output.qmax + offset }

    /// The sum of `x` and `y` (same shape, quantised with `a` and `b`).
    public func callAsFunction(_ x: QuantizedActivation, _ y: QuantizedActivation) -> QuantizedActivation {
        precondition(x.shape == y.shape, "QuantizedAdd: shapes \(x.shape) and \(y.shape) differ")
        precondition(x.parameters == a && y.parameters == b, "QuantizedAdd: summand quantizations differ from the layer's")
        let count = x.codes.count
        let codes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            x.codes.withUnsafeBufferPointer { p in
                y.codes.withUnsafeBufferPointer { q in add(p.baseAddress!, q.baseAddress!, into: out.baseAddress!, count: count) }
            }
            initialized = count
        }
        return QuantizedActivation(codes: codes, shape: x.shape, parameters: output)
    }

    /// The kernel (C, vectorised per instruction set): the formula of `code` in int32 lanes.
    func add(_ x: UnsafePointer<UInt8>, _ y: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, count: Int) {
        let parameters: [Int32] = [Int32(flip), a.zeroPoint + offset, b.zeroPoint + offset, multiplierA, multiplierB, half, shift,
                                   output.zeroPoint + offset, lowerBound, upperBound]
        parameters.withUnsafeBufferPointer { quanta_add_codes(x, y, count, $0.baseAddress!, out) }
    }

    /// The plain formula for one pair of stored bytes (64-bit arithmetic): the reference the
    /// kernel is tested against.
    func code(_ x: UInt8, _ y: UInt8) -> UInt8 {
        let u = Int64(x ^ flip) - Int64(a.zeroPoint + offset)
        let v = Int64(y ^ flip) - Int64(b.zeroPoint + offset)
        let sum = (Int64(multiplierA) * u + Int64(multiplierB) * v + Int64(half)) >> Int64(shift)
        let clamped = Swift.min(Swift.max(sum + Int64(output.zeroPoint + offset), Int64(lowerBound)), Int64(upperBound))
        return UInt8(clamped) ^ flip
    }
}
