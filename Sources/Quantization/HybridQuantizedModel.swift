import Foundation

/// A hybrid model quantized: its chains of classical layers run as integer models
/// (`QuantizedModel`) and the layers integer inference has no kernel for — quantum circuits,
/// branching containers, activations other than ReLU — stay in float between them. Each
/// integer part quantises its float input and dequantises its output.
public final class HybridQuantizedModel {
    /// One stretch of the model.
    public enum Part {
        /// Layers `name` (paths "first…last" of the float model) on integer kernels.
        case integer(name: String, QuantizedModel)
        /// One float layer at path `name`.
        case float(name: String, any Layer<Float>)
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Float logits for a batch: the parts in order.
    public func predict(_ x: Tensor<Float>) -> Tensor<Float> {
        parts.reduce(x) { h, part in
            switch part {
            case .integer(_, let q): q.predict(h)
            case .float(_, let layer): layer(h)
            }
        }
    }

    /// The integer parts.
    public var integerParts: [QuantizedModel] {
        parts.compactMap { if case .integer(_, let q) = $0 { return q } else { return nil } }
    }

    /// Bytes: the integer parts' (`QuantizedModel.byteCount`) plus 4 per float parameter and buffer value.
    public var byteCount: Int {
        parts.reduce(0) { total, part in
            switch part {
            case .integer(_, let q): total + q.byteCount
            case .float(_, let layer): total + 4 * (layer.parameterCount + layer.namedBuffers.reduce(0) { $0 + $1.tensor.count })
            }
        }
    }

    /// One line per part: "integer 0…8", "float 9 (QuantumLayer<Float>)".
    public var layout: [String] {
        parts.map { part in
            switch part {
            case .integer(let name, _): "integer \(name)"
            case .float(let name, let layer): "float \(name) (\(type(of: layer)))"
            }
        }
    }
}

/// How a model divides into integer and float stretches, and the PTQ of hybrid models.
public enum HybridQuantization {
    /// A stretch of the model before quantization.
    public enum Segment {
        /// Layers integer inference runs (at least one Linear or Conv2D), as a chain.
        case integer(name: String, Sequential<Float>)
        case float(name: String, any Layer<Float>)
    }

    /// The model's top-level chain (nested `Sequential`s flattened) cut into maximal runs of
    /// layers `QuantizableGraph` accepts, and the layers between them. A run it refuses (a
    /// BatchNorm with nothing to fold into, no Linear or Conv2D) stays float layer by layer.
    public static func segments(_ model: Sequential<Float>) -> [Segment] {
        let chain = model.flattenedChain()
        var segments: [Segment] = []
        var run: [(path: String, layer: any Layer<Float>)] = []
        func flush() {
            defer { run = [] }
            guard !run.isEmpty else { return }
            let chainModel = Sequential(run.map(\.layer))
            if (try? QuantizableGraph(chainModel)) != nil {
                segments.append(.integer(name: run.count == 1 ? run[0].path : "\(run[0].path)…\(run.last!.path)", chainModel))
            } else {
                segments += run.map { .float(name: $0.path, $0.layer) }
            }
        }
        for entry in chain {
            if integerCapable(entry.layer) {
                run.append(entry)
            } else {
                flush()
                segments.append(.float(name: entry.path, entry.layer))
            }
        }
        flush()
        return segments
    }

    /// Whether integer inference has a step for `layer` (alone; BatchNorm needs an affine before it).
    static func integerCapable(_ layer: any Layer<Float>) -> Bool {
        if layer is any Quantizable || layer is Flatten<Float> || layer is Dropout<Float> || layer is BatchNorm<Float> { return true }
        if let pool = layer as? MaxPool2D<Float> { return pool.config.padding == (0, 0) }
        if let act = layer as? Activation<Float> { return act.kind == .relu }
        return false
    }

    /// Static PTQ of every integer stretch, each calibrated on what reaches it through the
    /// stretches already quantized (so later ranges see earlier rounding); float layers are
    /// kept as they are. Throws when no stretch can be quantized.
    public static func postTraining(_ model: Sequential<Float>, _ ptq: PostTrainingQuantization,
                                    calibration batches: [Tensor<Float>]) throws -> HybridQuantizedModel {
        guard !batches.isEmpty else { throw QuantizationError.invalidArgument("calibration needs at least one batch") }
        var inputs = batches
        var parts: [HybridQuantizedModel.Part] = []
        for segment in segments(model) {
            switch segment {
            case .integer(let name, let chain):
                let q = try ptq.quantize(chain, calibration: inputs)
                parts.append(.integer(name: name, q))
                inputs = inputs.map(q.predict)
            case .float(let name, let layer):
                parts.append(.float(name: name, layer))
                inputs = inputs.map { layer($0) }
            }
        }
        guard parts.contains(where: { if case .integer = $0 { true } else { false } }) else {
            throw QuantizationError.unsupportedModel("the model has no chain of Linear or Conv2D layers to quantize")
        }
        return HybridQuantizedModel(parts: parts)
    }
}

extension Sequential where Scalar == Float {
    /// The leaves of nested `Sequential`s in order with their paths; any other layer
    /// (containers included) is one entry.
    func flattenedChain(prefix: String = "") -> [(path: String, layer: any Layer<Float>)] {
        children.flatMap { name, layer -> [(path: String, layer: any Layer<Float>)] in
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            if let inner = layer as? Sequential<Float> { return inner.flattenedChain(prefix: path) }
            return [(path, layer)]
        }
    }
}
