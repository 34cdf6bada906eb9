/// Stride, zero padding, dilation and channel groups of a 2-D convolution (PyTorch's meaning).
public struct Conv2DConfig: Sendable, Equatable, Codable {
    /// Step between windows, (vertical, horizontal).
    public var stride: (Int, Int)
    /// Zeros added on each side, (top/bottom, left/right).
    public var padding: (Int, Int)
    /// Spacing between kernel taps, (vertical, horizontal).
    public var dilation: (Int, Int)
    /// Channel groups: input and output channels split into `groups` independent convolutions
    /// (`groups == channels` is depthwise).
    public var groups: Int

    public init(stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        precondition(stride.0 > 0 && stride.1 > 0 && dilation.0 > 0 && dilation.1 > 0 && padding.0 >= 0 && padding.1 >= 0 && groups > 0,
                     "Conv2DConfig: invalid stride \(stride), padding \(padding), dilation \(dilation) or groups \(groups)")
        self.stride = stride; self.padding = padding; self.dilation = dilation; self.groups = groups
    }

    public static func == (a: Conv2DConfig, b: Conv2DConfig) -> Bool {
        a.stride == b.stride && a.padding == b.padding && a.dilation == b.dilation && a.groups == b.groups
    }

    private enum CodingKeys: String, CodingKey { case stride, padding, dilation, groups }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func pair(_ key: CodingKeys) throws -> (Int, Int) {
            let v = try c.decode([Int].self, forKey: key)
            guard v.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 2 integers, got \(v.count)")
            }
            return (v[0], v[1])
        }
        self.init(stride: try pair(.stride), padding: try pair(.padding), dilation: try pair(.dilation),
                  groups: try c.decode(Int.self, forKey: .groups))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([stride.0, stride.1], forKey: .stride)
        try c.encode([padding.0, padding.1], forKey: .padding)
        try c.encode([dilation.0, dilation.1], forKey: .dilation)
        try c.encode(groups, forKey: .groups)
    }
}

extension Tensor {
    /// Checks conv2d shapes and returns the per-group window geometry (channels = C / groups).
    static func convGeometry(_ input: [Int], _ weight: [Int], _ config: Conv2DConfig) -> WindowGeometry {
        precondition(input.count == 4 && weight.count == 4, "conv2d: input \(input) must be [N, C, H, W] and weight \(weight) [O, C/groups, KH, KW]")
        let (c, o, groups) = (input[1], weight[0], config.groups)
        precondition(c % groups == 0 && o % groups == 0 && weight[1] == c / groups,
                     "conv2d: input \(input) and weight \(weight) do not match for \(groups) groups")
        let (kh, kw) = (weight[2], weight[3])
        let outH = (input[2] + 2 * config.padding.0 - config.dilation.0 * (kh - 1) - 1) / config.stride.0 + 1
        let outW = (input[3] + 2 * config.padding.1 - config.dilation.1 * (kw - 1) - 1) / config.stride.1 + 1
        precondition(kh > 0 && kw > 0 && outH > 0 && outW > 0,
                     "conv2d: kernel of weight \(weight) does not fit input \(input) with \(config)")
        return WindowGeometry(channels: c / groups, height: input[2], width: input[3], kernelH: kh, kernelW: kw,
                              strideH: config.stride.0, strideW: config.stride.1, padH: config.padding.0, padW: config.padding.1,
                              dilationH: config.dilation.0, dilationW: config.dilation.1, outH: outH, outW: outW)
    }

    /// 2-D cross-correlation (PyTorch `conv2d`):
    /// `out[n, o, y, x] = bias[o] + Σ_{c ∈ group(o), i, j} in[n, c, y·sh − ph + i·dh, x·sw − pw + j·dw] · w[o, c, i, j]`.
    ///
    /// Shapes: input `[N, C, H, W]`, weight `[O, C/groups, KH, KW]`, bias `[O]` →
    /// `[N, O, OH, OW]` with `OH = (H + 2ph − dh(KH−1) − 1)/sh + 1` (likewise OW).
    /// Otherwise im2col over cache-sized chunks of the batch and one GEMM per chunk and group;
    /// O(N·O·OH·OW·C/groups·KH·KW). Chunks run on `Threading.threads` workers for large calls.
    /// Float convolutions with stride 1, dilation 1 and one group run the direct kernel
    /// (`directConv2d`, no im2col buffer); the others im2col + GEMM.
    public static func conv2d(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ config: Conv2DConfig) -> Tensor {
        if let x = input as? Tensor<Float>, let w = weight as? Tensor<Float>, x.rank == 4,
           Tensor<Float>.directConv2dApplies(weight: w.shape, config) {
            let b = bias.map { $0 as! Tensor<Float> }
            return Tensor<Float>.directConv2d(x, w, bias: b, padding: config.padding, relu: false, pool: false) as! Tensor
        }
        return conv2d(input, weight, bias: bias, config, ParallelChunks.Options())
    }

    static func conv2d(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ config: Conv2DConfig, _ options: ParallelChunks.Options) -> Tensor {
        let g = convGeometry(input.shape, weight.shape, config)
        let (n, o, groups) = (input.shape[0], weight.shape[0], config.groups)
        if let bias { precondition(bias.shape == [o], "conv2d: bias \(bias.shape) does not match weight \(weight.shape)") }
        var full = g
        full.channels *= groups
        let og = o / groups, k = g.patchSize, p = g.outPlane, imageSize = input.count / Swift.max(n, 1)
        let (perChunk, workers) = ParallelChunks.plan(items: n, elementsPerItem: (groups * k + o) * p, work: n * o * p * k, options)
        let scratch = (0..<workers).map { _ in ScratchBuffer<Scalar>(perChunk * (groups * k + o) * p) }
        return Tensor(shape: [n, o, g.outH, g.outW]) { out in
            input.withUnsafeBufferPointer { x in weight.withUnsafeBufferPointer { w in
                bias.withOptionalBuffer { b in
                    ParallelChunks.run(items: n, perChunk: perChunk, workers: workers) { worker, range in
                        let nb = range.count, cols = scratch[worker].pointer, result = cols + groups * k * nb * p
                        Scalar.im2colKernel(x.baseAddress! + range.lowerBound * imageSize, cols, full, images: nb)
                        for gi in 0..<groups {
                            Scalar.gemm(transA: false, transB: false, m: og, n: nb * p, k: k,
                                        alpha: 1, a: w.baseAddress! + gi * og * k, lda: k, b: cols + gi * k * nb * p, ldb: nb * p,
                                        beta: 0, c: result + gi * og * nb * p, ldc: nb * p)
                        }
                        Scalar.convScatterOutputKernel(result, out + range.lowerBound * o * p, bias: b?.baseAddress,
                                                       channels: o, plane: p, images: nb)
                    }
                }
            } }
        }
    }

    /// Gradients of `conv2d` given `gradOutput = ∂L/∂out` (`[N, O, OH, OW]`):
    /// weight: `Σ_n gradOut_n · cols_nᵀ` per group; bias: `Σ_{n, y, x} gradOut`;
    /// input (only when `needInputGrad`): `col2im(wᵀ · gradOut_n)`. Shapes as the forward's.
    /// Same chunking and GEMM sizes as the forward; O(forward) per gradient.
    public static func conv2dBackward(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, _ config: Conv2DConfig,
                                      needInputGrad: Bool) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        conv2dBackward(input, weight, gradOutput: gradOutput, config, needInputGrad: needInputGrad, ParallelChunks.Options())
    }

    static func conv2dBackward(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, _ config: Conv2DConfig, needInputGrad: Bool,
                               _ options: ParallelChunks.Options) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let g = convGeometry(input.shape, weight.shape, config)
        let (n, o, groups) = (input.shape[0], weight.shape[0], config.groups)
        precondition(gradOutput.shape == [n, o, g.outH, g.outW],
                     "conv2dBackward: gradient \(gradOutput.shape) does not match input \(input.shape) and weight \(weight.shape)")
        if n == 0 { return (needInputGrad ? input : nil, Tensor(repeating: 0, shape: weight.shape), Tensor(repeating: 0, shape: [o])) }
        var full = g
        full.channels *= groups
        let og = o / groups, k = g.patchSize, p = g.outPlane, imageSize = input.count / Swift.max(n, 1)
        let factor = needInputGrad ? 3 : 2
        let (perChunk, workers) = ParallelChunks.plan(items: n, elementsPerItem: (groups * k + o) * p, work: factor * n * o * p * k, options)
        let scratch = (0..<workers).map { _ in ScratchBuffer<Scalar>(perChunk * (groups * k + o) * p) }
        // Per-worker partial sums of ∂L/∂wᵀ (per group `[k, og]`) and ∂L/∂b, added up at the end.
        let paramCount = weight.count + o
        let partials = (0..<workers).map { _ in ScratchBuffer<Scalar>(paramCount) }
        for part in partials { Scalar.fillKernel(part.pointer, 0, paramCount) }
        var gradInput: Tensor? = nil
        let run = { (x: UnsafePointer<Scalar>, w: UnsafePointer<Scalar>, gy: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>?) in
            ParallelChunks.run(items: n, perChunk: perChunk, workers: workers) { worker, range in
                let nb = range.count, cols = scratch[worker].pointer, gs = cols + groups * k * nb * p
                let dw = partials[worker].pointer, db = dw + weight.count
                Scalar.convGatherGradientKernel(gy + range.lowerBound * o * p, gs, biasGrad: db, channels: o, plane: p, images: nb)
                Scalar.im2colKernel(x + range.lowerBound * imageSize, cols, full, images: nb)
                // ∂L/∂wᵀ = cols · gsᵀ: OpenBLAS runs this orientation (long K side as M) ~20% faster.
                for gi in 0..<groups {
                    Scalar.gemm(transA: false, transB: true, m: k, n: og, k: nb * p,
                                alpha: 1, a: cols + gi * k * nb * p, lda: nb * p, b: gs + gi * og * nb * p, ldb: nb * p,
                                beta: 1, c: dw + gi * og * k, ldc: og)
                }
                guard let dx else { return }
                // cols is spent; reuse it for ∂L/∂cols.
                for gi in 0..<groups {
                    Scalar.gemm(transA: true, transB: false, m: k, n: nb * p, k: og,
                                alpha: 1, a: w + gi * og * k, lda: k, b: gs + gi * og * nb * p, ldb: nb * p,
                                beta: 0, c: cols + gi * k * nb * p, ldc: nb * p)
                }
                Scalar.col2imKernel(cols, dx + range.lowerBound * imageSize, full, images: nb)
            }
        }
        input.withUnsafeBufferPointer { x in weight.withUnsafeBufferPointer { w in gradOutput.withUnsafeBufferPointer { gy in
            if needInputGrad {
                gradInput = Tensor(shape: input.shape) { dx in run(x.baseAddress!, w.baseAddress!, gy.baseAddress!, dx) }
            } else {
                run(x.baseAddress!, w.baseAddress!, gy.baseAddress!, nil)
            }
        } } }
        for part in partials.dropFirst() { Scalar.accumulateKernel(part.pointer, partials[0].pointer, paramCount) }
        let sums = partials[0].pointer
        let gradWeight = Tensor(shape: weight.shape) { Scalar.transposeKernel(sums, $0, batch: groups, rows: k, cols: og) }
        return (gradInput, gradWeight, Tensor(shape: [o], scalars: Array(UnsafeBufferPointer(start: sums + weight.count, count: o))))
    }
}

extension Optional {
    /// Runs `body` with the tensor's buffer, or with nil when there is no tensor.
    func withOptionalBuffer<S: TensorScalar, R>(_ body: (UnsafeBufferPointer<S>?) -> R) -> R where Wrapped == Tensor<S> {
        switch self {
        case .some(let t): return t.withUnsafeBufferPointer { body($0) }
        case .none: return body(nil)
        }
    }
}
