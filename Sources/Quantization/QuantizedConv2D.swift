/// An integer 2-D convolution of G groups (G = 1: dense; G = C: depthwise): [B, C, H, W] → [B, O, OH, OW].
///
/// Per group, the group's input codes are unfolded into an im2col buffer cols [C/G·KH·KW, B·OH·OW]
/// (padding filled with the input zero point, which is exactly real zero) and multiplied channel-major,
/// acc[O/G, B·OH·OW] = W_g[O/G, K]·cols + offsets, with oneDNN's s8×s8 GEMM (or the reference):
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
    /// oneDNN convolution primitives of the channels-last path, built on first use per input size.
    let primitives = ConvolutionPrimitives()
    /// Scratch bytes per chunk of images (im2col + accumulators): about half of a 1 MiB L2, as
    /// the GEMM's own packing buffers need room too. Tests lower it to cover several chunks.
    var chunkBytes = 512 * 1024

    public init(core: IntegerMatmulCore, inChannels: Int, kernel: (Int, Int), config: Conv2DConfig) throws {
        let groups = config.groups
        guard groups >= 1, inChannels % groups == 0, core.outputs % groups == 0 else {
            throw QuantizationError.invalidScheme("integer Conv2D: \(inChannels) → \(core.outputs) channels do not split into \(groups) groups")
        }
        guard inChannels / groups * kernel.0 * kernel.1 == core.reduction else {
            throw QuantizationError.invalidScheme(
                "integer Conv2D: \(inChannels / groups)×\(kernel.0)×\(kernel.1) (per group) does not match K = \(core.reduction)")
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
    /// (optional) keeps the scratch buffers between calls.
    ///
    /// The batch runs in chunks of images whose im2col columns and accumulators fit in L2
    /// (`imagesPerChunk`): per chunk, the sign-flipped input is copied into padded scratch,
    /// unfolded, multiplied, pooled in place on the accumulators and requantised into the output.
    public func callAsFunction(_ x: QuantizedActivation, backend: IntegerBackend, thenPool: Pool2DConfig?,
                               workspace: ConvolutionWorkspace? = nil) -> QuantizedActivation {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels, "QuantizedConv2D: input \(x.shape) is not [B, \(inChannels), H, W]")
        precondition(x.parameters == core.input, "QuantizedConv2D: input quantization \(x.parameters) differs from the layer's \(core.input)")
        let (b, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow) = outputSize(h, w)
        precondition(oh > 0 && ow > 0, "QuantizedConv2D: input \(x.shape) is smaller than the kernel \(kernel)")
        let (n, k) = (core.outputs, core.reduction)
        var (ph, pw) = (oh, ow)
        if let p = thenPool { (ph, pw) = ((oh - p.kernel.0) / p.stride.0 + 1, (ow - p.kernel.1) / p.stride.1 + 1) }
        let (plane, imageBytes) = (ph * pw, inChannels * h * w)
        let chunk = imagesPerChunk(columnsPerImage: oh * ow)
        let scratch = workspace ?? ConvolutionWorkspace()
        // + 64: the unfolding copies 16 bytes at a time and may read and write past a run
        let input = scratch.buffer(0, bytes: chunk * imageBytes + 64).assumingMemoryBound(to: UInt8.self)
        let cols = scratch.buffer(1, bytes: k * chunk * oh * ow + 64).assumingMemoryBound(to: UInt8.self)
        let acc = scratch.buffer(2, bytes: 4 * n * chunk * oh * ow).assumingMemoryBound(to: Int32.self)
        let flip: UInt8 = x.parameters.isSigned ? 0 : 0x80
        let fill = UInt8(truncatingIfNeeded: x.parameters.zeroPoint) ^ flip
        let lanes = (0..<n).map { core.lanes(channel: $0) }
        let codes = [UInt8](unsafeUninitializedCapacity: b * n * plane) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in
                for start in stride(from: 0, to: b, by: chunk) {
                    let count = Swift.min(chunk, b - start), columns = count * oh * ow
                    flipCopy(src.baseAddress! + start * imageBytes, into: input, count: count * imageBytes, flip: flip)
                    for g in 0..<config.groups {
                        im2col(input, cols, group: g, images: count, height: h, width: w, outHeight: oh, outWidth: ow, fill: fill)
                        multiply(cols, group: g, columns: columns, backend: backend, into: acc)
                    }
                    var pooled = UnsafePointer(acc)
                    if let p = thenPool { pooled = maxPoolPlanes(acc, planes: n * count, height: oh, width: ow, p) }
                    for o in 0..<n {
                        for image in 0..<count {
                            lanes[o].run(pooled + (o * count + image) * plane, count: plane,
                                         into: out.baseAddress! + ((start + image) * n + o) * plane)
                        }
                    }
                }
            }
            initialized = b * n * plane
        }
        return QuantizedActivation(codes: codes, shape: [b, n, ph, pw], parameters: core.output)
    }

    /// acc[o, columns] = W[o, K]·cols[K, columns] + channel offsets for the O/G channels o of
    /// group `group` (s8 × s8 → s32).
    func multiply(_ cols: UnsafeMutablePointer<UInt8>, group: Int = 0, columns: Int, backend: IntegerBackend,
                  into acc: UnsafeMutablePointer<Int32>) {
        let (m, k) = (core.outputs / config.groups, core.reduction)
        let first = group * m
        weightRows.withUnsafeBufferPointer { wp in
            channelOffsets.withUnsafeBufferPointer { op in
                cols.withMemoryRebound(to: Int8.self, capacity: k * columns) { cp in
                    IntegerGEMM.multiplySigned(backend, a: wp.baseAddress! + first * k, b: cp, rowOffsets: op.baseAddress! + first,
                                               c: acc + first * columns, m: m, n: columns, k: k)
                }
            }
        }
    }

    /// Images per chunk: the chunk's im2col bytes and accumulators take about `chunkBytes`.
    func imagesPerChunk(columnsPerImage: Int) -> Int {
        Swift.max(1, chunkBytes / ((core.reduction + 4 * core.outputs) * columnsPerImage))
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
