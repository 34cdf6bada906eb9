import CKernels

extension Tensor where Scalar == Float {
    /// Whether `directConv2d` computes this convolution: stride 1, dilation 1, one group,
    /// kernels up to 11×11 (wider kernels go through im2col + GEMM).
    public static func directConv2dApplies(weight: [Int], _ config: Conv2DConfig) -> Bool {
        weight.count == 4 && config.stride == (1, 1) && config.dilation == (1, 1) && config.groups == 1
            && weight[2] <= 11 && weight[3] <= 11
    }

    /// `relu?(conv2d(input, weight, bias)) ` followed, when `pool`, by 2×2 max pooling with
    /// stride 2, in one pass per image (the C kernel `quanta_conv2d_direct_f32`, compiled per
    /// instruction set): no im2col buffer, no separate activation or pooling pass.
    ///
    /// Shapes: input [N, C, H, W], weight [O, C, KH, KW], bias [O] → [N, O, OH, OW] with
    /// OH = H + 2·padding.0 − KH + 1 (OW likewise), halved (floor) when pooling. Images are
    /// split over `Threading.threads` workers above `ParallelChunks.parallelThreshold`
    /// multiply-adds. O(N·O·OH·OW·C·KH·KW).
    public static func directConv2d(_ input: Tensor, _ weight: Tensor, bias: Tensor?, padding: (Int, Int),
                                    relu: Bool, pool: Bool) -> Tensor {
        let config = Conv2DConfig(padding: padding)
        precondition(directConv2dApplies(weight: weight.shape, config), "directConv2d: weight \(weight.shape) with \(config)")
        let g = convGeometry(input.shape, weight.shape, config)
        let (n, c, o) = (input.shape[0], input.shape[1], weight.shape[0])
        if let bias { precondition(bias.shape == [o], "directConv2d: bias \(bias.shape) does not match weight \(weight.shape)") }
        let (oh, ow) = pool ? (g.outH / 2, g.outW / 2) : (g.outH, g.outW)
        precondition(oh > 0 && ow > 0, "directConv2d: output \(g.outH)×\(g.outW) is too small to pool")
        let scratchCount = quanta_conv2d_direct_scratch(Int32(c), Int32(g.height), Int32(g.width), Int32(o),
                                                        Int32(g.kernelH), Int32(g.kernelW), Int32(padding.0), Int32(padding.1))
        let work = n * o * g.outPlane * g.patchSize
        let (perChunk, workers) = ParallelChunks.plan(items: n, elementsPerItem: 1, work: work, ParallelChunks.Options())
        let scratch = (0..<workers).map { _ in ScratchBuffer<Float>(scratchCount) }
        let imageSize = c * g.height * g.width, outSize = o * oh * ow
        return Tensor(shape: [n, o, oh, ow]) { out in
            input.withUnsafeBufferPointer { x in weight.withUnsafeBufferPointer { w in bias.withOptionalBuffer { b in
                ParallelChunks.run(items: n, perChunk: perChunk, workers: workers) { worker, range in
                    quanta_conv2d_direct_f32(x.baseAddress! + range.lowerBound * imageSize, range.count, Int32(c),
                                             Int32(g.height), Int32(g.width), w.baseAddress, b?.baseAddress, Int32(o),
                                             Int32(g.kernelH), Int32(g.kernelW), Int32(padding.0), Int32(padding.1),
                                             relu ? 1 : 0, pool ? 1 : 0, out + range.lowerBound * outSize,
                                             scratch[worker].pointer)
                }
            } } }
        }
    }
}
