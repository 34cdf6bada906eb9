import CDNNL

/// One oneDNN int8 convolution primitive for a fixed number of images and input size:
/// acc[n, oh, ow, o] = Σ w[o, c, ky, kx]·x[n, iy, ix, c] in int32, channels last (u8 or s8
/// codes in, exact s32 accumulators out, no bias or scaling: the layer adds its offsets and
/// requantises). Padding is the primitive's (zeros), so layers whose input zero point is not 0
/// pass a pre-padded input and a primitive built with padding 0. Per-thread slots (`DNNLSlots`)
/// let chunks of a batch run it concurrently.
final class ConvolutionKernel: @unchecked Sendable {
    private let slots: DNNLSlots

    /// A primitive for `images` images of `channels` × `height` × `width` (already padded when
    /// `padding` is (0, 0) for a padded layer); `rows` are the weight codes [O, C/G·KH·KW].
    init(images: Int, channels: Int, height: Int, width: Int, outputs: Int, kernel: (Int, Int), config: Conv2DConfig,
         padding: (Int, Int), signed: Bool, rows: [Int8]) {
        let (oh, ow) = ((height + 2 * padding.0 - config.dilation.0 * (kernel.0 - 1) - 1) / config.stride.0 + 1,
                        (width + 2 * padding.1 - config.dilation.1 * (kernel.1 - 1) - 1) / config.stride.1 + 1)
        let g = config.groups
        var src = DNNL.descriptor([images, channels, height, width], signed ? dnnl_s8 : dnnl_u8, tag: dnnl_nhwc)
        let weightDims = g == 1 ? [outputs, channels, kernel.0, kernel.1] : [g, outputs / g, channels / g, kernel.0, kernel.1]
        var wei = DNNL.descriptor(weightDims, dnnl_s8, tag: dnnl_format_tag_any)
        var dst = DNNL.descriptor([images, outputs, oh, ow], dnnl_s32, tag: dnnl_nhwc)
        var desc = dnnl_convolution_desc_t()
        let strides: [Int64] = [Int64(config.stride.0), Int64(config.stride.1)]
        let dilates: [Int64] = [Int64(config.dilation.0 - 1), Int64(config.dilation.1 - 1)]
        let pads: [Int64] = [Int64(padding.0), Int64(padding.1)]
        DNNL.check(dnnl_dilated_convolution_forward_desc_init(&desc, dnnl_forward_inference, dnnl_convolution_direct, &src, &wei, nil, &dst,
                                                              strides, dilates, pads, pads), "convolution descriptor")
        var attr: dnnl_primitive_attr_t?
        DNNL.check(dnnl_primitive_attr_create(&attr), "attr")
        defer { dnnl_primitive_attr_destroy(attr) }
        DNNL.check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode")
        var pd: dnnl_primitive_desc_t?
        DNNL.check(dnnl_primitive_desc_create(&pd, &desc, attr, DNNL.engine, nil), "convolution primitive descriptor")
        defer { dnnl_primitive_desc_destroy(pd) }
        let plain = DNNLBuffer(DNNL.descriptor(weightDims, dnnl_s8, tag: g == 1 ? dnnl_oihw : dnnl_goihw))
        rows.withUnsafeBytes { plain.raw.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let weights = DNNLBuffer(dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0).pointee)
        DNNL.reorder(from: plain, to: weights)
        slots = DNNLSlots(pd!, src: src, dst: dst, weights: weights, what: "convolution primitive")
    }

    /// Makes sure slots 0..<count exist (called under the owner's lock).
    func reserve(slots count: Int) { slots.reserve(count) }

    /// Runs the primitive on slot `slot` (one thread per slot at a time).
    func execute(slot: Int, x: UnsafePointer<UInt8>, acc: UnsafeMutablePointer<Int32>) {
        slots.execute(slot: slot, src: x, dst: acc)
    }
}
