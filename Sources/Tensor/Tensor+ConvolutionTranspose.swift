/// The two linear maps inside a convolution's backward pass as operations of their own, so
/// that second derivatives (and transposed-convolution layers) can use them.
extension Tensor {
    /// The transposed convolution: ∂conv2d/∂input applied to `gradOutput`,
    /// `dx = col2im(wᵀ · gradOutput)` per group. Shapes: gradOutput `[N, O, OH, OW]`,
    /// weight `[O, C/groups, KH, KW]` → `inputShape` `[N, C, H, W]`.
    /// O(N·O·OH·OW·C/groups·KH·KW), chunked and threaded as the forward.
    public static func conv2dInputGradient(_ gradOutput: Tensor, weight: Tensor, inputShape: [Int],
                                           _ config: Conv2DConfig) -> Tensor {
        let g = convGeometry(inputShape, weight.shape, config)
        let (n, o, groups) = (inputShape[0], weight.shape[0], config.groups)
        precondition(gradOutput.shape == [n, o, g.outH, g.outW],
                     "conv2dInputGradient: gradient \(gradOutput.shape) does not match input \(inputShape) and weight \(weight.shape)")
        if n == 0 { return Tensor(repeating: 0, shape: inputShape) }
        var full = g
        full.channels *= groups
        let og = o / groups, k = g.patchSize, p = g.outPlane
        let imageSize = inputShape.dropFirst().reduce(1, *)
        let (perChunk, workers) = ParallelChunks.plan(items: n, elementsPerItem: (groups * k + o) * p,
                                                      work: n * o * p * k, ParallelChunks.Options())
        let scratch = (0..<workers).map { _ in ScratchBuffer<Scalar>(perChunk * (groups * k + o) * p + o) }
        return weight.withUnsafeBufferPointer { wb in gradOutput.withUnsafeBufferPointer { gb in
            Tensor(shape: inputShape) { dx in
                let (w, gy) = (wb.baseAddress!, gb.baseAddress!)
                ParallelChunks.run(items: n, perChunk: perChunk, workers: workers) { worker, range in
                    let nb = range.count
                    let cols = scratch[worker].pointer
                    let gs = cols + groups * k * nb * p
                    let biasSink = gs + o * nb * p
                    Scalar.fillKernel(biasSink, 0, o)
                    Scalar.convGatherGradientKernel(gy + range.lowerBound * o * p, gs, biasGrad: biasSink,
                                                    channels: o, plane: p, images: nb)
                    for gi in 0..<groups {
                        Scalar.gemm(transA: true, transB: false, m: k, n: nb * p, k: og,
                                    alpha: 1, a: w + gi * og * k, lda: k, b: gs + gi * og * nb * p, ldb: nb * p,
                                    beta: 0, c: cols + gi * k * nb * p, ldc: nb * p)
                    }
                    Scalar.col2imKernel(cols, dx + range.lowerBound * imageSize, full, images: nb)
                }
            }
        } }
    }

    /// ∂conv2d/∂weight applied to `gradOutput`: `Σ_n gradOut_n · cols_nᵀ` per group, shaped
    /// like the weight (`weightShape`). Shapes as `conv2d`'s. O(forward).
    public static func conv2dWeightGradient(_ input: Tensor, gradOutput: Tensor, weightShape: [Int],
                                            _ config: Conv2DConfig) -> Tensor {
        let placeholder = Tensor(shape: weightShape, scalars: [Scalar](repeating: 0, count: weightShape.reduce(1, *)))
        return conv2dBackward(input, placeholder, gradOutput: gradOutput, config, needInputGrad: false).weight
    }
}
