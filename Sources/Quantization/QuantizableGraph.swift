/// A float model read as the steps that integer inference can run: affine layers (Linear, Conv2D
/// of any groups, with a following BatchNorm folded in and a following ReLU fused), max and
/// average pooling, ReLU, flatten, and residual blocks (body + shortcut, an optional ReLU on the
/// sum). Dropout is dropped (the identity at inference).
///
/// Activation quantisation points, numbered in execution order: point 0 is the model input,
/// then each affine step's output (after its fused ReLU) and each residual sum (after its ReLU)
/// gets the next number. Pooling, ReLU and flatten keep their input's quantisation. For a chain
/// without residual blocks, point i + 1 is the output of affine step i.
public struct QuantizableGraph {
    /// One Linear or Conv2D (BatchNorm folded, ReLU fused).
    public struct Affine {
        /// The layer's path in the model ("0", "3.body.0", …), used for names in files and reports.
        public var name: String
        /// [N, K] for Linear, [O, C/groups, KH, KW] for Conv2D.
        public var weight: Tensor<Float>
        public var bias: Tensor<Float>?
        /// Convolution geometry, nil for Linear.
        public var conv: Conv2DConfig?
        public var relu: Bool
        /// The quantisation points this layer reads and writes.
        public var inputPoint = 0, outputPoint = 0
        /// The weight as a matrix [N, K].
        public var matrix: Tensor<Float> { weight.reshaped([weight.shape[0], -1]) }
        public var isConv: Bool { conv != nil }
    }

    /// A residual block: `body` and `shortcut` (nil: the identity) read the same input; their
    /// outputs (points `bodyPoint` and `shortcutPoint`, the latter the block's input point for
    /// the identity) are added, a ReLU applied when `relu`, and the sum is point `point`.
    public struct Residual {
        /// The block's path in the model.
        public var name: String
        public var body: [Step]
        public var shortcut: [Step]?
        public var relu: Bool
        public var bodyPoint: Int, shortcutPoint: Int
        public var point: Int
    }

    public enum Step {
        case affine(Affine)
        case maxPool2d(Pool2DConfig)
        case avgPool2d(Pool2DConfig)
        case relu
        case flatten
        case residual(Residual)
    }

    public var steps: [Step]
    /// The number of quantisation points (the input, every affine output, every residual sum).
    public var pointCount: Int

    /// The affine steps in execution order (residual bodies before their shortcuts).
    public var affines: [Affine] { Self.affines(in: steps) }

    static func affines(in steps: [Step]) -> [Affine] {
        steps.flatMap { step -> [Affine] in
            switch step {
            case .affine(let a): return [a]
            case .residual(let r): return affines(in: r.body) + affines(in: r.shortcut ?? [])
            default: return []
            }
        }
    }

    /// Reads `model`; throws for a layer integer inference cannot run (naming it and its path).
    public init(_ model: Sequential<Float>) throws {
        var reader = GraphReader()
        (steps, _) = try reader.steps(model.flattenedChain(), input: 0)
        pointCount = reader.points
        guard !affines.isEmpty else { throw QuantizationError.unsupportedModel("the model has no Linear or Conv2D layer to quantize") }
    }

    /// BatchNorm folding with its running statistics: W' = W·γ/σ per output channel,
    /// b' = (b − μ)·γ/σ + β, σ = √(running_var + ε).
    static func fold(_ a: Affine, _ bn: BatchNorm<Float>, index: Int) throws -> Affine {
        try fold(a, bn, path: "\(index)")
    }

    static func fold(_ a: Affine, _ bn: BatchNorm<Float>, path: String) throws -> Affine {
        let channels = a.weight.shape[0]
        guard bn.gamma.shape == [channels] else {
            throw QuantizationError.unsupportedModel("layer \(path): BatchNorm of \(bn.gamma.shape[0]) channels after a layer of \(channels) outputs")
        }
        let gamma = bn.gamma.value.scalars, beta = bn.beta.value.scalars
        let mean = bn.runningMean.scalars, variance = bn.runningVariance.scalars
        let factor = (0..<channels).map { gamma[$0] / (variance[$0] + bn.epsilon).squareRoot() }
        var folded = a
        let per = a.weight.count / channels
        folded.weight = Tensor(shape: a.weight.shape, scalars: a.weight.scalars.enumerated().map { $0.element * factor[$0.offset / per] })
        let b = a.bias?.scalars ?? [Float](repeating: 0, count: channels)
        folded.bias = Tensor((0..<channels).map { (b[$0] - mean[$0]) * factor[$0] + beta[$0] })
        return folded
    }

    /// Float inference through the steps; `hook(point, x)` sees (and may replace) the activation
    /// at every quantisation point, and `weight(affineIndex, w)` may replace each weight (fake
    /// quantisation), affine steps counted in execution order.
    public func forward(_ x: Tensor<Float>, weight: (Int, Tensor<Float>) -> Tensor<Float> = { $1 },
                        hook: (Int, Tensor<Float>) -> Tensor<Float> = { $1 }) -> Tensor<Float> {
        var affineIndex = 0
        return Self.run(steps, hook(0, x), affineIndex: &affineIndex, weight: weight, hook: hook)
    }

    static func run(_ steps: [Step], _ x: Tensor<Float>, affineIndex: inout Int, weight: (Int, Tensor<Float>) -> Tensor<Float>,
                    hook: (Int, Tensor<Float>) -> Tensor<Float>) -> Tensor<Float> {
        var h = x
        for step in steps {
            switch step {
            case .affine(let a):
                h = a.apply(h, weight: weight(affineIndex, a.weight))
                affineIndex += 1
                h = hook(a.outputPoint, h)
            case .maxPool2d(let config): h = Tensor.maxPool2d(h, config).output
            case .avgPool2d(let config): h = Tensor.avgPool2d(h, config)
            case .relu: h = h.relu()
            case .flatten: h = h.reshaped([h.shape[0], -1])
            case .residual(let r):
                let body = run(r.body, h, affineIndex: &affineIndex, weight: weight, hook: hook)
                let shortcut = r.shortcut.map { run($0, h, affineIndex: &affineIndex, weight: weight, hook: hook) } ?? h
                var sum = body + shortcut
                if r.relu { sum = sum.relu() }
                h = hook(r.point, sum)
            }
        }
        return h
    }
}

extension QuantizableGraph.Affine {
    /// The float layer with weight `w`: x·wᵀ + b, or the convolution, then the fused ReLU.
    func apply(_ x: Tensor<Float>, weight w: Tensor<Float>) -> Tensor<Float> {
        var h: Tensor<Float>
        if let conv {
            h = Tensor.conv2d(x, w, bias: bias, conv)
        } else {
            h = x.matmul(w, transposeOther: true)
            if let b = bias { h = h + b }
        }
        return relu ? h.relu() : h
    }
}

/// BatchNorm folding as a model transformation: a copy of `model` in which every Conv2D or Linear
/// followed by a BatchNorm becomes one layer with folded weights and bias (evaluation statistics).
/// The result computes the same function in evaluation mode (up to rounding).
public func foldBatchNorm(_ model: Sequential<Float>) throws -> Sequential<Float> {
    var layers: [any Layer<Float>] = []
    var rng = RandomGenerator(seed: 0)
    let source = try model.integerChain().map(\.layer)
    var i = 0
    while i < source.count {
        let layer = source[i]
        if i + 1 < source.count, let bn = source[i + 1] as? BatchNorm<Float> {
            if let conv = layer as? Conv2D<Float> {
                let a = try QuantizableGraph.fold(.init(name: "\(i)", weight: conv.weight.value, bias: conv.bias?.value, conv: conv.config, relu: false), bn, index: i + 1)
                let s = conv.weight.shape
                let folded = Conv2D<Float>(s[1] * conv.config.groups, s[0], kernelSize: (s[2], s[3]), stride: conv.config.stride,
                                           padding: conv.config.padding, dilation: conv.config.dilation, groups: conv.config.groups, bias: true, rng: &rng)
                folded.weight.value = a.weight; folded.bias!.value = a.bias!
                layers.append(folded); i += 2; continue
            }
            if let linear = layer as? Linear<Float> {
                let a = try QuantizableGraph.fold(.init(name: "\(i)", weight: linear.weight.value, bias: linear.bias?.value, conv: nil, relu: false), bn, index: i + 1)
                let folded = Linear<Float>(linear.weight.shape[1], linear.weight.shape[0], bias: true, rng: &rng)
                folded.weight.value = a.weight; folded.bias!.value = a.bias!
                layers.append(folded); i += 2; continue
            }
        }
        layers.append(layer); i += 1
    }
    return Sequential(layers)
}
