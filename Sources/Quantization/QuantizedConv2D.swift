/// An integer 2-D convolution (groups = 1): [B, C, H, W] → [B, O, OH, OW].
///
/// The input codes are unfolded into an im2col buffer cols [C·KH·KW, B·OH·OW] (padding filled
/// with the input zero point, which is exactly real zero) and multiplied channel-major,
/// acc[O, B·OH·OW] = W[O, K]·cols + offsets[O], with oneDNN's s8×s8 GEMM (or the reference):
/// uint8 codes enter as x − 128 (the sign bit flipped) and + 128·Σ_k W[o, k] is folded into
/// the per-channel offsets with the bias and the zero-point term. Each channel's row is then
/// requantised with its own multiplier; a following max pooling is applied to the int32
/// accumulators first (exact, since requantisation is non-decreasing). O(B·OH·OW·O·K).
public struct QuantizedConv2D: Sendable {
    public let core: IntegerMatmulCore
    public let inChannels: Int
    public let kernel: (Int, Int)
    public let config: Conv2DConfig
    /// Weight codes [O, K] (the core keeps [K, O] for files and the row-major path).
    let weightRows: [Int8]
    /// Per output channel: bias − z_x·Σ_k W + (uint8 input ? 128·Σ_k W : 0).
    let channelOffsets: [Int32]

    public init(core: IntegerMatmulCore, inChannels: Int, kernel: (Int, Int), config: Conv2DConfig) throws {
        guard config.groups == 1 else { throw QuantizationError.unsupportedModel("integer Conv2D supports groups = 1 only, got \(config.groups)") }
        guard inChannels * kernel.0 * kernel.1 == core.reduction else {
            throw QuantizationError.invalidScheme("integer Conv2D: \(inChannels)×\(kernel.0)×\(kernel.1) does not match K = \(core.reduction)")
        }
        self.core = core; self.inChannels = inChannels; self.kernel = kernel; self.config = config
        let (n, k) = (core.outputs, core.reduction)
        var rows = [Int8](repeating: 0, count: n * k)
        var sums = [Int32](repeating: 0, count: n)
        for p in 0..<k { for o in 0..<n { rows[o * k + p] = core.weightCodes[p * n + o]; sums[o] += Int32(core.weightCodes[p * n + o]) } }
        weightRows = rows
        let flip: Int32 = core.input.isSigned ? 0 : 128
        channelOffsets = (0..<n).map { core.offsets[$0] &+ flip &* sums[$0] }
    }

    /// Output height and width for an input of h × w.
    func outputSize(_ h: Int, _ w: Int) -> (Int, Int) {
        ((h + 2 * config.padding.0 - config.dilation.0 * (kernel.0 - 1) - 1) / config.stride.0 + 1,
         (w + 2 * config.padding.1 - config.dilation.1 * (kernel.1 - 1) - 1) / config.stride.1 + 1)
    }

    public func callAsFunction(_ x: QuantizedActivation, backend: IntegerBackend) -> QuantizedActivation {
        callAsFunction(x, backend: backend, thenPool: nil)
    }

    /// The convolution followed by `thenPool` (max pooling without padding), fused. `workspace`
    /// (optional) keeps the im2col and accumulator buffers between calls.
    public func callAsFunction(_ x: QuantizedActivation, backend: IntegerBackend, thenPool: Pool2DConfig?,
                               workspace: ConvolutionWorkspace? = nil) -> QuantizedActivation {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "QuantizedConv2D: input \(x.shape) is not [B, \(inChannels), H, W]")
        precondition(x.parameters == core.input, "QuantizedConv2D: input quantization \(x.parameters) differs from the layer's \(core.input)")
        let (b, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow) = outputSize(h, w)
        precondition(oh > 0 && ow > 0, "QuantizedConv2D: input \(x.shape) is smaller than the kernel \(kernel)")
        let (n, k, columns) = (core.outputs, core.reduction, b * oh * ow)
        let flip: UInt8 = x.parameters.isSigned ? 0 : 0x80
        let scratch = workspace ?? ConvolutionWorkspace()
        let cols = scratch.buffer(0, bytes: k * columns).assumingMemoryBound(to: UInt8.self)
        let acc = scratch.buffer(1, bytes: 4 * n * columns).assumingMemoryBound(to: Int32.self)
        // Flip once here (a vectorised pass) so that im2col copies whole runs.
        let signedCodes = flip == 0 ? x.codes : [UInt8](unsafeUninitializedCapacity: x.codes.count) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in for i in 0..<src.count { out[i] = src[i] ^ 0x80 } }
            initialized = x.codes.count
        }
        signedCodes.withUnsafeBufferPointer { src in
            im2col(src.baseAddress!, cols, images: b, height: h, width: w, outHeight: oh, outWidth: ow,
                   fill: UInt8(truncatingIfNeeded: x.parameters.zeroPoint) ^ flip)
        }
        weightRows.withUnsafeBufferPointer { wp in
            channelOffsets.withUnsafeBufferPointer { op in
                cols.withMemoryRebound(to: Int8.self, capacity: k * columns) { cp in
                    IntegerGEMM.multiplySigned(backend, a: wp.baseAddress!, b: cp, rowOffsets: op.baseAddress!, c: acc, m: n, n: columns, k: k)
                }
            }
        }
        var (ph, pw) = (oh, ow)
        var planes = UnsafePointer(acc)
        if let p = thenPool {
            (ph, pw) = ((oh - p.kernel.0) / p.stride.0 + 1, (ow - p.kernel.1) / p.stride.1 + 1)
            let buffer = scratch.buffer(2, bytes: 4 * n * b * ph * pw).assumingMemoryBound(to: Int32.self)
            maxPoolPlanes(acc, into: buffer, planes: n * b, height: oh, width: ow, p)
            planes = UnsafePointer(buffer)
        }
        let plane = ph * pw, count = b * n * plane
        let codes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            for o in 0..<n {
                for image in 0..<b {
                    core.requantizeRow(planes + (o * b + image) * plane, count: plane, channel: o, into: out.baseAddress! + (image * n + o) * plane)
                }
            }
            initialized = count
        }
        return QuantizedActivation(codes: codes, shape: [b, n, ph, pw], parameters: core.output)
    }

    /// Max pooling of int32 planes [planes, h, w] → [planes, oh, ow] (no padding).
    func maxPoolPlanes(_ x: UnsafePointer<Int32>, into out: UnsafeMutablePointer<Int32>, planes: Int, height h: Int, width w: Int,
                       _ config: Pool2DConfig) {
        let (kh, kw) = config.kernel, (sy, sx) = config.stride
        let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
        for plane in 0..<planes {
            let p = x + plane * h * w, o = out + plane * oh * ow
            if kh == 2 && kw == 2 && sy == 2 && sx == 2 {
                for oy in 0..<oh {
                    let r0 = p + 2 * oy * w, r1 = r0 + w, dst = o + oy * ow
                    for ox in 0..<ow { dst[ox] = Swift.max(Swift.max(r0[2 * ox], r0[2 * ox + 1]), Swift.max(r1[2 * ox], r1[2 * ox + 1])) }
                }
                continue
            }
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = Int32.min
                    for ky in 0..<kh {
                        let r = p + (oy * sy + ky) * w + ox * sx
                        for kx in 0..<kw { best = Swift.max(best, r[kx]) }
                    }
                    o[oy * ow + ox] = best
                }
            }
        }
    }

    /// cols[(c·KH + ky)·KW + kx, image·OH·OW + oy·OW + ox] = x[image, c, iy, ix], or `fill` outside the input.
    func im2col(_ x: UnsafePointer<UInt8>, _ cols: UnsafeMutablePointer<UInt8>, images: Int, height h: Int, width w: Int,
                outHeight oh: Int, outWidth ow: Int, fill: UInt8) {
        let (kh, kw) = kernel, (sy, sx) = config.stride, (py, px) = config.padding, (dy, dx) = config.dilation
        let rowLength = images * oh * ow
        if (sy, sx, py, px, dy, dx) == (1, 1, 0, 0, 1, 1) {
            // No padding, unit stride and dilation (LeNet's case): every window row is in range.
            for c in 0..<inChannels {
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        var dst = cols + ((c * kh + ky) * kw + kx) * rowLength
                        for image in 0..<images {
                            var src = x + (image * inChannels + c) * h * w + ky * w + kx
                            for _ in 0..<oh { copyBytes(src, dst, ow); src += w; dst += ow }
                        }
                    }
                }
            }
            return
        }
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
                                copyBytes(src + shift, row, ow)       // the common case: one contiguous run
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

    /// Copies `count` bytes 8 at a time: the rows here are short (5–30 bytes), where a memcpy
    /// call costs more than the copy.
    @inline(__always)
    func copyBytes(_ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, _ count: Int) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
            i += 8
        }
        while i < count { dst[i] = src[i]; i += 1 }
    }
}

/// Scratch buffers of an integer convolution (im2col bytes, int32 accumulators, pooled
/// accumulators), grown on demand and kept between calls so that repeated inference does not
/// fault fresh pages in. Not for concurrent use: `QuantizedModel` holds one per model behind a lock.
public final class ConvolutionWorkspace: @unchecked Sendable {
    private var slots: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    public init() {}
    /// Slot `index` with at least `bytes` bytes (64-byte aligned); previous contents are not kept.
    func buffer(_ index: Int, bytes: Int) -> UnsafeMutableRawPointer {
        while slots.count <= index { slots.append((UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64), 64)) }
        if slots[index].bytes < bytes {
            slots[index].pointer.deallocate()
            slots[index] = (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
        }
        return slots[index].pointer
    }
    deinit { for s in slots { s.pointer.deallocate() } }
}
