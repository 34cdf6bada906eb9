/// Static post-training quantization: fold BatchNorm, calibrate activation ranges over a few
/// batches with an observer, quantise weights (symmetric, per channel or per tensor), and
/// convert Linear and Conv2D into integer layers with int32 bias and fused requantisation.
public struct PostTrainingQuantization {
    /// The weights' scheme (per-tensor or per-output-channel, signed symmetric; default int8 per channel, [−127, 127]).
    public var weightScheme: QuantizationScheme
    /// 8-bit per-tensor affine activations, unsigned (default) or signed.
    public var activationScheme: QuantizationScheme
    /// How activation ranges are chosen from the calibration data.
    public var observer: ObserverKind

    public init(weightScheme: QuantizationScheme = .int8PerChannel, activationScheme: QuantizationScheme = .uint8Affine,
                observer: ObserverKind = .minmax) {
        self.weightScheme = weightScheme; self.activationScheme = activationScheme; self.observer = observer
    }

    /// The activation ranges: one observer per quantisation point of `graph`, fed every batch.
    /// Cost: one float forward pass per batch.
    public func calibrate(_ graph: QuantizableGraph, batches: [Tensor<Float>]) -> [any Observer] {
        var observers = (0..<graph.pointCount).map { _ in observer.make() }
        for batch in batches {
            _ = graph.forward(batch, hook: { point, x in observers[point].observe(x); return x })
        }
        return observers
    }

    /// Converts `model` using `batches` (inputs only) for calibration.
    public func quantize(_ model: Sequential<Float>, calibration batches: [Tensor<Float>]) throws -> QuantizedModel {
        guard !batches.isEmpty else { throw QuantizationError.invalidArgument("calibration needs at least one batch") }
        let graph = try QuantizableGraph(model)
        let observers = calibrate(graph, batches: batches)
        let activations = try observers.map { try ActivationQuantization($0.parameters(for: activationScheme)) }
        let weights = try graph.affines.map { try QuantizationParameters.fitted(to: $0.matrix, scheme: weightScheme) }
        let model = try Self.convert(graph, activations: activations, weights: weights)
        model.info = ["method": "ptq", "weights": weightScheme.description, "activations": activationScheme.description,
                      "observer": observer.rawValue, "calibration_batches": "\(batches.count)"]
        return model
    }

    /// Builds the integer model from a graph, one activation quantisation per point and one
    /// weight quantisation (of the [N, K] matrix) per affine step. Shared by PTQ and QAT.
    public static func convert(_ graph: QuantizableGraph, activations: [ActivationQuantization],
                               weights: [QuantizationParameters]) throws -> QuantizedModel {
        precondition(activations.count == graph.pointCount && weights.count == graph.affines.count,
                     "convert: \(activations.count) activation and \(weights.count) weight quantizations for \(graph.pointCount) points and \(graph.affines.count) layers")
        var k = 0
        let ops = try convert(graph.steps, activations: activations, weights: weights, affineIndex: &k)
        return try QuantizedModel(input: activations[0], operations: ops)
    }

    private static func convert(_ steps: [QuantizableGraph.Step], activations: [ActivationQuantization], weights: [QuantizationParameters],
                                affineIndex k: inout Int) throws -> [QuantizedModel.Operation] {
        var ops: [QuantizedModel.Operation] = []
        for step in steps {
            switch step {
            case .affine(let a):
                ops.append(try integerLayer(a, input: activations[a.inputPoint], output: activations[a.outputPoint], weights: weights[k]))
                k += 1
            case .maxPool2d(let c): ops.append(.maxPool2d(c))
            case .avgPool2d(let c): ops.append(.avgPool2d(c))
            case .relu: ops.append(.relu)
            case .flatten: ops.append(.flatten)
            case .residual(let r):
                let body = try convert(r.body, activations: activations, weights: weights, affineIndex: &k)
                let shortcut = try r.shortcut.map { try convert($0, activations: activations, weights: weights, affineIndex: &k) }
                let add = try QuantizedAdd(a: activations[r.bodyPoint], b: activations[r.shortcutPoint],
                                           output: activations[r.point], relu: r.relu)
                ops.append(.residual(QuantizedResidual(name: r.name, body: body, shortcut: shortcut, add: add)))
            }
        }
        return ops
    }

    /// The integer Linear or Conv2D of one affine step.
    static func integerLayer(_ a: QuantizableGraph.Affine, input: ActivationQuantization, output: ActivationQuantization,
                             weights: QuantizationParameters) throws -> QuantizedModel.Operation {
        let core = try IntegerMatmulCore(weight: a.matrix, bias: a.bias, weightParameters: weights, input: input, output: output, relu: a.relu)
        guard let conv = a.conv else { return .linear(name: a.name, QuantizedLinear(core: core)) }
        let inChannels = a.weight.shape[1] * conv.groups
        return .conv2d(name: a.name, try QuantizedConv2D(core: core, inChannels: inChannels, kernel: (a.weight.shape[2], a.weight.shape[3]), config: conv))
    }
}
