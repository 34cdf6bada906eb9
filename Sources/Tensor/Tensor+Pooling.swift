/// Window size, stride and padding of a 2-D pooling (PyTorch's meaning; no dilation, floor mode).
public struct Pool2DConfig: Sendable, Equatable, Codable {
    /// Window (height, width).
    public var kernel: (Int, Int)
    /// Step between windows, (vertical, horizontal).
    public var stride: (Int, Int)
    /// Implicit padding on each side; at most half the window, as in PyTorch.
    public var padding: (Int, Int)

    public init(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        let stride = stride ?? kernel
        precondition(kernel.0 > 0 && kernel.1 > 0 && stride.0 > 0 && stride.1 > 0,
                     "Pool2DConfig: invalid kernel \(kernel) or stride \(stride)")
        precondition(padding.0 >= 0 && padding.1 >= 0 && 2 * padding.0 <= kernel.0 && 2 * padding.1 <= kernel.1,
                     "Pool2DConfig: padding \(padding) must be at most half of kernel \(kernel)")
        self.kernel = kernel; self.stride = stride; self.padding = padding
    }

    public static func == (a: Pool2DConfig, b: Pool2DConfig) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding
    }

    private enum CodingKeys: String, CodingKey { case kernel, stride, padding }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func pair(_ key: CodingKeys) throws -> (Int, Int) {
            let v = try c.decode([Int].self, forKey: key)
            guard v.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 2 integers, got \(v.count)")
            }
            return (v[0], v[1])
        }
        self.init(kernel: try pair(.kernel), stride: try pair(.stride), padding: try pair(.padding))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([kernel.0, kernel.1], forKey: .kernel)
        try c.encode([stride.0, stride.1], forKey: .stride)
        try c.encode([padding.0, padding.1], forKey: .padding)
    }
}

extension Tensor {
    /// Checks a pooling input shape `[N, C, H, W]` and returns the window geometry.
    static func poolGeometry(_ input: [Int], _ config: Pool2DConfig) -> WindowGeometry {
        precondition(input.count == 4, "pool2d: input \(input) must be [N, C, H, W]")
        let outH = (input[2] + 2 * config.padding.0 - config.kernel.0) / config.stride.0 + 1
        let outW = (input[3] + 2 * config.padding.1 - config.kernel.1) / config.stride.1 + 1
        precondition(input[2] + 2 * config.padding.0 >= config.kernel.0 && input[3] + 2 * config.padding.1 >= config.kernel.1,
                     "pool2d: window \(config.kernel) does not fit input \(input) with padding \(config.padding)")
        return WindowGeometry(channels: input[1], height: input[2], width: input[3], kernelH: config.kernel.0, kernelW: config.kernel.1,
                              strideH: config.stride.0, strideW: config.stride.1, padH: config.padding.0, padW: config.padding.1,
                              dilationH: 1, dilationW: 1, outH: outH, outW: outW)
    }

    /// Max pooling: `out[n, c, y, x] = max over the window at (y·sh − ph, x·sw − pw)` (padding
    /// never wins). `argmax` holds, per output element, the flat index into `input` of its maximum.
    /// `[N, C, H, W] → [N, C, OH, OW]`, `OH = (H + 2ph − KH)/sh + 1`. O(N·C·OH·OW·KH·KW).
    public static func maxPool2d(_ input: Tensor, _ config: Pool2DConfig) -> (output: Tensor, argmax: [Int32]) {
        let g = poolGeometry(input.shape, config)
        precondition(input.count <= Int(Int32.max), "maxPool2d: input \(input.shape) too large for Int32 indices")
        let planes = input.shape[0] * input.shape[1], outCount = planes * g.outPlane
        var argmax = [Int32]()
        let output = input.withUnsafeBufferPointer { x in
            Tensor(shape: [input.shape[0], input.shape[1], g.outH, g.outW]) { out in
                argmax = [Int32](unsafeUninitializedCapacity: outCount) { arg, initialized in
                    if outCount > 0 { Scalar.maxPool2dKernel(x.baseAddress!, out, arg.baseAddress!, g, planes: planes) }
                    initialized = outCount
                }
            }
        }
        return (output, argmax)
    }

    /// Gradient of `maxPool2d`: zeros of `inputShape` with `gradOutput[i]` added at `argmax[i]`.
    /// O(input count + output count).
    public static func maxPool2dBackward(gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        precondition(argmax.count == gradOutput.count,
                     "maxPool2dBackward: gradient \(gradOutput.shape) has \(gradOutput.count) elements but argmax \(argmax.count)")
        return gradOutput.scatteredAdding(at: argmax, shape: inputShape)
    }

    /// Average pooling, padding counted as zeros (PyTorch's `count_include_pad=True`):
    /// `out = Σ window / (KH·KW)`. `[N, C, H, W] → [N, C, OH, OW]`. O(N·C·OH·OW·KH·KW).
    public static func avgPool2d(_ input: Tensor, _ config: Pool2DConfig) -> Tensor {
        let g = poolGeometry(input.shape, config)
        let planes = input.shape[0] * input.shape[1]
        return input.withUnsafeBufferPointer { x in
            Tensor(shape: [input.shape[0], input.shape[1], g.outH, g.outW]) { out in
                Scalar.avgPool2dKernel(x.baseAddress!, out, g, planes: planes)
            }
        }
    }

    /// Gradient of `avgPool2d`: each input gets `Σ gradOutput / (KH·KW)` over the windows that
    /// contain it. Result shape `inputShape`. O(N·C·OH·OW·KH·KW).
    public static func avgPool2dBackward(gradOutput: Tensor, inputShape: [Int], _ config: Pool2DConfig) -> Tensor {
        let g = poolGeometry(inputShape, config)
        precondition(gradOutput.shape == [inputShape[0], inputShape[1], g.outH, g.outW],
                     "avgPool2dBackward: gradient \(gradOutput.shape) does not match input \(inputShape)")
        let planes = inputShape[0] * inputShape[1]
        return gradOutput.withUnsafeBufferPointer { gy in
            Tensor(shape: inputShape) { dx in Scalar.avgPool2dBackwardKernel(gy.baseAddress!, dx, g, planes: planes) }
        }
    }
}

/// True when every index lies in `0..<count`. Not generic, so the loop is compiled for `Int32`.
func indicesInRange(_ indices: [Int32], _ count: Int) -> Bool {
    var ok = true
    for i in indices { ok = ok && i >= 0 && Int(i) < count }
    return ok
}
