/// An integer fully connected layer: uint8/int8 [B, K] → [B, N] through one integer GEMM
/// with fused requantisation (and ReLU). O(B·K·N).
public struct QuantizedLinear: Sendable {
    public let core: IntegerMatmulCore
    public init(core: IntegerMatmulCore) { self.core = core }

    public func callAsFunction(_ x: QuantizedActivation, backend: IntegerBackend) -> QuantizedActivation {
        precondition(x.shape.count == 2 && x.shape[1] == core.reduction, "QuantizedLinear: input \(x.shape) does not end in \(core.reduction)")
        precondition(x.parameters == core.input, "QuantizedLinear: input quantization \(x.parameters) differs from the layer's \(core.input)")
        let rows = x.shape[0]
        let codes = [UInt8](unsafeUninitializedCapacity: rows * core.outputs) { out, initialized in
            x.codes.withUnsafeBufferPointer { core.run($0.baseAddress!, rows: rows, plane: 1, backend: backend, into: out.baseAddress!) }
            initialized = rows * core.outputs
        }
        return QuantizedActivation(codes: codes, shape: [rows, core.outputs], parameters: core.output)
    }
}

/// 2-D max pooling on codes (exact: quantisation is monotone, so max commutes with it). No padding.
/// Signed codes are compared after flipping the sign bit (an order-preserving map to unsigned).
func maxPoolCodes(_ x: QuantizedActivation, _ config: Pool2DConfig) -> QuantizedActivation {
    let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = config.kernel, (sy, sx) = config.stride
    let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
    let flip: UInt8 = x.parameters.isSigned ? 0x80 : 0
    let codes = [UInt8](unsafeUninitializedCapacity: b * c * oh * ow) { out, initialized in
        x.codes.withUnsafeBufferPointer { src in
            for plane in 0..<(b * c) {
                let p = src.baseAddress! + plane * h * w
                let o = out.baseAddress! + plane * oh * ow
                if kh == 2 && kw == 2 && sy == 2 && sx == 2 {
                    for oy in 0..<oh {
                        let r0 = p + 2 * oy * w, r1 = r0 + w, dst = o + oy * ow
                        for ox in 0..<ow {
                            let m = Swift.max(Swift.max(r0[2 * ox] ^ flip, r0[2 * ox + 1] ^ flip), Swift.max(r1[2 * ox] ^ flip, r1[2 * ox + 1] ^ flip))
                            dst[ox] = m ^ flip
                        }
                    }
                    continue
                }
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var best: UInt8 = 0
                        for ky in 0..<kh {
                            let r = p + (oy * sy + ky) * w + ox * sx
                            for kx in 0..<kw { best = Swift.max(best, r[kx] ^ flip) }
                        }
                        o[oy * ow + ox] = best ^ flip
                    }
                }
            }
        }
        initialized = b * c * oh * ow
    }
    return QuantizedActivation(codes: codes, shape: [b, c, oh, ow], parameters: x.parameters)
}

/// ReLU on codes: max(q, z).
func reluCodes(_ x: QuantizedActivation) -> QuantizedActivation {
    var y = x
    let z = x.parameters.zeroPoint, signed = x.parameters.isSigned
    for i in 0..<y.codes.count {
        let v = signed ? Int32(Int8(bitPattern: y.codes[i])) : Int32(y.codes[i])
        if v < z { y.codes[i] = UInt8(truncatingIfNeeded: z) }
    }
    return y
}

/// 2-D average pooling on codes, no padding, the input's quantisation kept: each output is the
/// window's mean code rounded half up, ⌊(2·Σq + n) / 2n⌋ for a window of n codes (signed codes
/// are summed as q + 128, so the sums stay non-negative). Within half a code of the real mean.
/// O(B·C·OH·OW·KH·KW).
func avgPoolCodes(_ x: QuantizedActivation, _ config: Pool2DConfig) -> QuantizedActivation {
    let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = config.kernel, (sy, sx) = config.stride
    let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
    let flip: UInt8 = x.parameters.isSigned ? 0x80 : 0
    let n = Int32(kh * kw)
    let codes = [UInt8](unsafeUninitializedCapacity: b * c * oh * ow) { out, initialized in
        x.codes.withUnsafeBufferPointer { src in
            for plane in 0..<(b * c) {
                let p = src.baseAddress! + plane * h * w
                let o = out.baseAddress! + plane * oh * ow
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum: Int32 = 0
                        for ky in 0..<kh {
                            let r = p + (oy * sy + ky) * w + ox * sx
                            for kx in 0..<kw { sum += Int32(r[kx] ^ flip) }
                        }
                        o[oy * ow + ox] = UInt8((2 * sum + n) / (2 * n)) ^ flip
                    }
                }
            }
        }
        initialized = b * c * oh * ow
    }
    return QuantizedActivation(codes: codes, shape: [b, c, oh, ow], parameters: x.parameters)
}
