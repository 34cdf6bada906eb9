/// A float `Sequential` read as the chain of steps that integer inference can run: affine layers
/// (Linear, Conv2D with any following BatchNorm folded in and a following ReLU fused), max
/// pooling, ReLU, flatten. Dropout is dropped (the identity at inference).
///
/// Activation quantisation points: point 0 is the model input, point i+1 the output of
/// affine step i (after its fused ReLU). Max pooling, ReLU and flatten keep their input's
/// quantisation.
public struct QuantizableGraph {
    /// One Linear or Conv2D (BatchNorm folded, ReLU fused).
    public struct Affine {
        /// The layer's index in the Sequential ("0", "3", …), used for names in files and reports.
        public var name: String
        /// [N, K] for Linear, [O, C, KH, KW] for Conv2D.
        public var weight: Tensor<Float>
        public var bias: Tensor<Float>?
        /// Convolution geometry, nil for Linear.
        public var conv: Conv2DConfig?
        public var relu: Bool
        /// The weight as a matrix [N, K].
        public var matrix: Tensor<Float> { weight.reshaped([weight.shape[0], -1]) }
        public var isConv: Bool { conv != nil }
    }

    public enum Step {
        case affine(Affine)
        case maxPool2d(Pool2DConfig)
        case relu
        case flatten
    }

    public var steps: [Step]

    /// The affine steps in order.
    public var affines: [Affine] { steps.compactMap { if case .affine(let a) = $0 { return a } else { return nil } } }

    /// Reads `model`; throws for a layer integer inference cannot run (naming it and its index).
    public init(_ model: Sequential<Float>) throws {
        steps = []
        let chain = try model.integerChain()
        let layers = chain.map(\.layer)
        var i = 0
        while i < layers.count {
            let layer = layers[i]
            let name = chain[i].path
            var affine: Affine?
            if let q = layer as? any Quantizable {
                let parts = q.affineParts
                affine = Affine(name: name, weight: parts.weight, bias: parts.bias, conv: parts.convolution, relu: false)
            } else if let pool = layer as? MaxPool2D<Float> {
                guard pool.config.padding == (0, 0) else {
                    throw QuantizationError.unsupportedModel("layer \(name): max pooling with padding is not supported in integer inference")
                }
                steps.append(.maxPool2d(pool.config))
            } else if let act = layer as? Activation<Float> {
                guard act.kind == .relu else {
                    throw QuantizationError.unsupportedModel("layer \(name): activation \(act.kind) has no integer kernel (only ReLU)")
                }
                steps.append(.relu)
            } else if layer is Flatten<Float> {
                steps.append(.flatten)
            } else if layer is Dropout<Float> {
                // identity at inference
            } else if layer is BatchNorm<Float> {
                throw QuantizationError.unsupportedModel("layer \(name): BatchNorm that does not follow a Conv2D or Linear cannot be folded")
            } else {
                throw QuantizationError.unsupportedModel("layer \(name): \(type(of: layer)) has no integer kernel")
            }
            i += 1
            guard var a = affine else { continue }
            if i < layers.count, let bn = layers[i] as? BatchNorm<Float> {
                a = try QuantizableGraph.fold(a, bn, index: i)
                i += 1
            }
            if i < layers.count, let act = layers[i] as? Activation<Float>, act.kind == .relu {
                a.relu = true
                i += 1
            }
            steps.append(.affine(a))
        }
        guard affines.count > 0 else { throw QuantizationError.unsupportedModel("the model has no Linear or Conv2D layer to quantize") }
    }

    /// BatchNorm folding with its running statistics: W' = W·γ/σ per output channel,
    /// b' = (b − μ)·γ/σ + β, σ = √(running_var + ε).
    static func fold(_ a: Affine, _ bn: BatchNorm<Float>, index: Int) throws -> Affine {
        let channels = a.weight.shape[0]
        guard bn.gamma.shape == [channels] else {
            throw QuantizationError.unsupportedModel("layer \(index): BatchNorm of \(bn.gamma.shape[0]) channels after a layer of \(channels) outputs")
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
    /// at every quantisation point, and `weight(affineIndex, w)` may replace each weight (fake quantisation).
    public func forward(_ x: Tensor<Float>, weight: (Int, Tensor<Float>) -> Tensor<Float> = { $1 },
                        hook: (Int, Tensor<Float>) -> Tensor<Float> = { $1 }) -> Tensor<Float> {
        var h = hook(0, x)
        var affineIndex = 0
        for step in steps {
            switch step {
            case .affine(let a):
                let w = weight(affineIndex, a.weight)
                if let conv = a.conv {
                    h = Tensor.conv2d(h, w, bias: a.bias, conv)
                } else {
                    h = h.matmul(w, transposeOther: true)
                    if let b = a.bias { h = h + b }
                }
                if a.relu { h = h.relu() }
                affineIndex += 1
                h = hook(affineIndex, h)
            case .maxPool2d(let config): h = Tensor.maxPool2d(h, config).output
            case .relu: h = h.relu()
            case .flatten: h = h.reshaped([h.shape[0], -1])
            }
        }
        return h
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
