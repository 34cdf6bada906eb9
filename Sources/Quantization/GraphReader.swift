/// Reads a layer tree into `QuantizableGraph` steps, numbering quantisation points in
/// execution order (`points` is the next free number; 0 is the model input).
struct GraphReader {
    private(set) var points = 1

    /// The steps of a chain of (path, layer) leaves reading point `input`, and the point its
    /// output carries.
    mutating func steps(_ chain: [(path: String, layer: any Layer<Float>)], input: Int) throws -> ([QuantizableGraph.Step], Int) {
        var steps: [QuantizableGraph.Step] = []
        var current = input
        var i = 0
        while i < chain.count {
            let (path, layer) = chain[i]
            i += 1
            if let q = layer as? any Quantizable {
                let parts = q.affineParts
                var a = QuantizableGraph.Affine(name: path, weight: parts.weight, bias: parts.bias, conv: parts.convolution, relu: false)
                if i < chain.count, let bn = chain[i].layer as? BatchNorm<Float> {
                    a = try QuantizableGraph.fold(a, bn, path: chain[i].path)
                    i += 1
                }
                if i < chain.count, let act = chain[i].layer as? Activation<Float>, act.kind == .relu {
                    a.relu = true
                    i += 1
                }
                a.inputPoint = current
                a.outputPoint = next()
                current = a.outputPoint
                steps.append(.affine(a))
            } else if let residual = layer as? Residual<Float> {
                let r = try block(residual, path: path, input: current)
                current = r.point
                steps.append(.residual(r))
            } else if let step = try Self.elementStep(layer, path: path) {
                steps.append(step)
            }
        }
        return (steps, current)
    }

    private mutating func next() -> Int {
        points += 1
        return points - 1
    }

    /// A residual block: body and shortcut read `input`; the sum is the next point.
    private mutating func block(_ r: Residual<Float>, path: String, input: Int) throws -> QuantizableGraph.Residual {
        let (body, bodyPoint) = try steps(Self.leaves(r.body, path: "\(path).body"), input: input)
        var shortcut: [QuantizableGraph.Step]?
        var shortcutPoint = input
        if let branch = r.shortcut {
            let (s, point) = try steps(Self.leaves(branch, path: "\(path).shortcut"), input: input)
            (shortcut, shortcutPoint) = (s, point)
        }
        var relu = false
        if let activation = r.activation {
            guard let act = activation as? Activation<Float>, act.kind == .relu else {
                throw QuantizationError.unsupportedModel("layer \(path).activation: only ReLU after a residual sum has an integer kernel")
            }
            relu = true
        }
        return QuantizableGraph.Residual(name: path, body: body, shortcut: shortcut, relu: relu, bodyPoint: bodyPoint, shortcutPoint: shortcutPoint,
                                        point: next())
    }

    /// A branch's leaves: a `Sequential`'s flattened chain, or the layer itself.
    private static func leaves(_ layer: any Layer<Float>, path: String) -> [(path: String, layer: any Layer<Float>)] {
        if let s = layer as? Sequential<Float> { return s.flattenedChain(prefix: path) }
        return [(path, layer)]
    }

    /// Pooling, ReLU or flatten; nil for dropout (the identity at inference).
    private static func elementStep(_ layer: any Layer<Float>, path: String) throws -> QuantizableGraph.Step? {
        if let pool = layer as? MaxPool2D<Float> {
            guard pool.config.padding == (0, 0) else {
                throw QuantizationError.unsupportedModel("layer \(path): max pooling with padding is not supported in integer inference")
            }
            return .maxPool2d(pool.config)
        }
        if let pool = layer as? AvgPool2D<Float> {
            guard pool.config.padding == (0, 0) else {
                throw QuantizationError.unsupportedModel("layer \(path): average pooling with padding is not supported in integer inference")
            }
            return .avgPool2d(pool.config)
        }
        if let act = layer as? Activation<Float> {
            guard act.kind == .relu else {
                throw QuantizationError.unsupportedModel("layer \(path): activation \(act.kind) has no integer kernel (only ReLU)")
            }
            return .relu
        }
        if layer is Flatten<Float> { return .flatten }
        if layer is Dropout<Float> { return nil }
        if layer is BatchNorm<Float> {
            throw QuantizationError.unsupportedModel("layer \(path): BatchNorm that does not follow a Conv2D or Linear cannot be folded")
        }
        throw QuantizationError.unsupportedModel("layer \(path): \(type(of: layer)) has no integer kernel")
    }
}
