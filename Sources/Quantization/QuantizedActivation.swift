import CKernels
/// Per-tensor affine parameters of a b-bit activation (b = 2…8, 8 by default): x ≈ (q − zeroPoint)·scale,
/// q in [0, 2^b − 1] (unsigned) or [−2^(b−1), 2^(b−1) − 1] (signed), stored in 8-bit codes.
public struct ActivationQuantization: Sendable, Equatable {
    public let scale: Float
    public let zeroPoint: Int32
    public let isSigned: Bool
    public let bits: Int

    /// Throws for a scale that is not finite and positive, a width outside 2…8, or a zero point
    /// outside the code range.
    public init(scale: Float, zeroPoint: Int32, signed: Bool, bits: Int = 8) throws {
        guard scale.isFinite && scale > 0 else { throw QuantizationError.invalidScheme("activation scale \(scale) is not finite and positive") }
        guard (2...8).contains(bits) else { throw QuantizationError.invalidScheme("activation width \(bits) bits is outside 2…8") }
        self.scale = scale
        self.zeroPoint = zeroPoint
        self.isSigned = signed
        self.bits = bits
        guard (qmin...qmax).contains(zeroPoint) else {
            throw QuantizationError.invalidScheme("activation zero point \(zeroPoint) outside \(qmin)...\(qmax)")
        }
    }

    /// From per-tensor parameters of a 2–8-bit affine (or symmetric) scheme.
    public init(_ p: QuantizationParameters) throws {
        guard (2...8).contains(p.scheme.bits), p.scales.count == 1 else {
            throw QuantizationError.invalidScheme("integer activations must be 2–8-bit per-tensor, got \(p.scheme)")
        }
        try self.init(scale: p.scales[0], zeroPoint: p.zeroPoints[0], signed: p.scheme.isSigned, bits: p.scheme.bits)
    }

    public var qmin: Int32 { isSigned ? -(1 << (bits - 1)) : 0 }
    public var qmax: Int32 { isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1 }
}

/// An activation tensor: codes as raw bytes (two's complement when signed), its shape and parameters.
public struct QuantizedActivation: Sendable {
    public var codes: [UInt8]
    public var shape: [Int]
    public var parameters: ActivationQuantization

    public init(codes: [UInt8], shape: [Int], parameters: ActivationQuantization) {
        precondition(codes.count == shape.reduce(1, *), "QuantizedActivation: \(codes.count) codes for shape \(shape)")
        self.codes = codes; self.shape = shape; self.parameters = parameters
    }

    /// Quantises a float tensor: q = clamp(round(x/s) + z, qmin, qmax), ties away from zero as
    /// `Float.rounded()`. O(count).
    public init(quantizing x: Tensor<Float>, _ p: ActivationQuantization) {
        let inverse = 1 / p.scale, z = Double(p.zeroPoint)
        let lo = Double(p.qmin) - z - 1, hi = Double(p.qmax) - z + 1
        let qlo = p.qmin, qhi = p.qmax, zp = p.zeroPoint
        let codes = x.withUnsafeBufferPointer { src in
            [UInt8](unsafeUninitializedCapacity: src.count) { dst, initialized in
                // round half away from zero, clamped (the C kernel, per instruction set)
                quanta_quantize_activation(src.baseAddress, src.count, inverse, lo, hi, zp, qlo, qhi, dst.baseAddress)
                initialized = src.count
            }
        }
        self.init(codes: codes, shape: x.shape, parameters: p)
    }

    /// The integer value of code i (sign-extended when signed).
    @inline(__always) public func value(at i: Int) -> Int32 {
        parameters.isSigned ? Int32(Int8(bitPattern: codes[i])) : Int32(codes[i])
    }

    /// x̂ = (q − z)·s. O(count).
    public func dequantized() -> Tensor<Float> {
        let s = parameters.scale, z = parameters.zeroPoint, signed = parameters.isSigned
        return Tensor(shape: shape) { out in
            codes.withUnsafeBufferPointer { c in
                for i in 0..<c.count {
                    let q = signed ? Int32(Int8(bitPattern: c[i])) : Int32(c[i])
                    out[i] = Float(q - z) * s
                }
            }
        }
    }
}
