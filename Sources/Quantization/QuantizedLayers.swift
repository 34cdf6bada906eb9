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

/// An integer 2-D convolution (groups = 1): [B, C, H, W] → [B, O, OH, OW]. The input is unfolded
/// into an im2col buffer [C·KH·KW, B·OH·OW] (padding filled with the input zero point, which is
/// exactly real zero), multiplied by the int8 weights [C·KH·KW, O], and requantised into NCHW.
public struct QuantizedConv2D: Sendable {
    public let core: IntegerMatmulCore
    public let inChannels: Int
    public let kernel: (Int, Int)
    public let config: Conv2DConfig

    public init(core: IntegerMatmulCore, inChannels: Int, kernel: (Int, Int), config: Conv2DConfig) throws {
        guard config.groups == 1 else { throw QuantizationError.unsupportedModel("integer Conv2D supports groups = 1 only, got \(config.groups)") }
        guard inChannels * kernel.0 * kernel.1 == core.reduction else {
            throw QuantizationError.invalidScheme("integer Conv2D: \(inChannels)×\(kernel.0)×\(kernel.1) does not match K = \(core.reduction)")
        }
        self.core = core; self.inChannels = inChannels; self.kernel = kernel; self.config = config
    }

    public func callAsFunction(_ x: QuantizedActivation, backend: IntegerBackend) -> QuantizedActivation {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "QuantizedConv2D: input \(x.shape) is not [B, \(inChannels), H, W]")
        precondition(x.parameters == core.input, "QuantizedConv2D: input quantization \(x.parameters) differs from the layer's \(core.input)")
        let (b, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let oh = (h + 2 * config.padding.0 - config.dilation.0 * (kernel.0 - 1) - 1) / config.stride.0 + 1
        let ow = (w + 2 * config.padding.1 - config.dilation.1 * (kernel.1 - 1) - 1) / config.stride.1 + 1
        precondition(oh > 0 && ow > 0, "QuantizedConv2D: input \(x.shape) is smaller than the kernel \(kernel)")
        let plane = oh * ow, rows = b * plane
        let cols = UnsafeMutablePointer<UInt8>.allocate(capacity: core.reduction * rows)
        defer { cols.deallocate() }
        x.codes.withUnsafeBufferPointer { src in
            im2col(src.baseAddress!, cols, images: b, height: h, width: w, outHeight: oh, outWidth: ow,
                   fill: UInt8(truncatingIfNeeded: x.parameters.zeroPoint))
        }
        let codes = [UInt8](unsafeUninitializedCapacity: rows * core.outputs) { out, initialized in
            core.run(cols, transposed: true, rows: rows, plane: plane, backend: backend, into: out.baseAddress!)
            initialized = rows * core.outputs
        }
        return QuantizedActivation(codes: codes, shape: [b, core.outputs, oh, ow], parameters: core.output)
    }

    /// cols[(c·KH + ky)·KW + kx, image·OH·OW + oy·OW + ox] = x[image, c, iy, ix], or `fill` outside the input.
    func im2col(_ x: UnsafePointer<UInt8>, _ cols: UnsafeMutablePointer<UInt8>, images: Int, height h: Int, width w: Int,
                outHeight oh: Int, outWidth ow: Int, fill: UInt8) {
        let (kh, kw) = kernel, (sy, sx) = config.stride, (py, px) = config.padding, (dy, dx) = config.dilation
        let rowLength = images * oh * ow
        for c in 0..<inChannels {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let dst = cols + ((c * kh + ky) * kw + kx) * rowLength
                    for image in 0..<images {
                        let plane = x + (image * inChannels + c) * h * w
                        let out = dst + image * oh * ow
                        for oy in 0..<oh {
                            let iy = oy * sy - py + ky * dy
                            let row = out + oy * ow
                            guard iy >= 0 && iy < h else { row.update(repeating: fill, count: ow); continue }
                            let src = plane + iy * w
                            let shift = kx * dx - px
                            if sx == 1 && shift >= 0 && ow - 1 + shift < w {
                                row.update(from: src + shift, count: ow)       // the common case: one contiguous run
                            } else {
                                for ox in 0..<ow {
                                    let ix = ox * sx + shift
                                    row[ox] = ix >= 0 && ix < w ? src[ix] : fill
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 2-D max pooling on codes (exact: quantisation is monotone, so max commutes with it). No padding.
func maxPoolCodes(_ x: QuantizedActivation, _ config: Pool2DConfig) -> QuantizedActivation {
    let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw) = config.kernel, (sy, sx) = config.stride
    let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
    let signed = x.parameters.isSigned
    let codes = [UInt8](unsafeUninitializedCapacity: b * c * oh * ow) { out, initialized in
        x.codes.withUnsafeBufferPointer { src in
            for plane in 0..<(b * c) {
                let p = src.baseAddress! + plane * h * w
                let o = out.baseAddress! + plane * oh * ow
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        // Compare in the biased domain so one unsigned max serves both signednesses.
                        var best: UInt8 = 0
                        for ky in 0..<kh {
                            let r = p + (oy * sy + ky) * w + ox * sx
                            for kx in 0..<kw { best = Swift.max(best, signed ? r[kx] ^ 0x80 : r[kx]) }
                        }
                        o[oy * ow + ox] = signed ? best ^ 0x80 : best
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
