import Foundation

/// Quantized models as safetensors files.
///
/// Tensors (for an operation named n, the index of its layer in the float Sequential):
/// `n.weight` I8 [O, C, KH, KW] or [N, K] (codes, PyTorch layout), `n.weight_scale` F32 [N] or [1],
/// `n.bias` I32 [N] (units of s_in·s_w), `n.output_scale` F32 [1], `n.output_zero_point` I32 [1];
/// `input.scale` F32 [1], `input.zero_point` I32 [1].
/// Metadata: `quanta.format` = "quanta-quantized-1"; `quanta.quantized` = JSON of the operation
/// list and schemes (`QuantizedModelSpec`); `quanta.info` = JSON of `info`; any extra metadata
/// (such as the float model's spec) is kept. Requantisation multipliers are recomputed on load.
extension QuantizedModel {
    public static let formatKey = "quanta.format"
    public static let formatVersion = "quanta-quantized-1"
    public static let specKey = "quanta.quantized"

    /// Writes the model atomically to `url`, with `metadata` added.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        let (tensors, spec) = stored(prefix: "")
        var meta = metadata
        meta[Self.formatKey] = Self.formatVersion
        meta[Self.specKey] = try SafeTensors.metadataJSON(spec)
        meta["quanta.info"] = try SafeTensors.metadataJSON(info)
        try SafeTensors.write(tensors, metadata: meta, to: url)
    }

    /// The tensors (names prefixed with `prefix`) and the operation list of the model.
    func stored(prefix: String) -> (tensors: [(name: String, entry: SafeTensors.Entry)], spec: QuantizedModelSpec) {
        var tensors: [(name: String, entry: SafeTensors.Entry)] = [
            ("input.scale", .floats([input.scale])), ("input.zero_point", .ints([input.zeroPoint])),
        ]
        var ops: [QuantizedModelSpec.Operation] = []
        for op in operations {
            switch op {
            case .linear(let name, let l):
                tensors += Self.entries(name, l.core, shape: [l.core.outputs, l.core.reduction])
                ops.append(.init(kind: "linear", name: name, relu: l.core.relu, weightBits: l.core.weightParameters.scheme.bits,
                                 perChannel: l.core.weightParameters.scales.count > 1 || l.core.outputs == 1))
            case .conv2d(let name, let c):
                tensors += Self.entries(name, c.core, shape: [c.core.outputs, c.inChannels, c.kernel.0, c.kernel.1])
                var o = QuantizedModelSpec.Operation(kind: "conv2d", name: name, relu: c.core.relu, weightBits: c.core.weightParameters.scheme.bits,
                                                     perChannel: c.core.weightParameters.scales.count > 1 || c.core.outputs == 1)
                o.stride = [c.config.stride.0, c.config.stride.1]; o.padding = [c.config.padding.0, c.config.padding.1]
                o.dilation = [c.config.dilation.0, c.config.dilation.1]
                ops.append(o)
            case .maxPool2d(let p):
                var o = QuantizedModelSpec.Operation(kind: "maxpool2d")
                o.kernel = [p.kernel.0, p.kernel.1]; o.stride = [p.stride.0, p.stride.1]
                ops.append(o)
            case .relu: ops.append(.init(kind: "relu"))
            case .flatten: ops.append(.init(kind: "flatten"))
            }
        }
        return (tensors.map { (prefix + $0.name, $0.entry) }, QuantizedModelSpec(activationsSigned: input.isSigned, operations: ops))
    }

    static func entries(_ name: String, _ core: IntegerMatmulCore, shape: [Int]) -> [(name: String, entry: SafeTensors.Entry)] {
        let (n, k) = (core.outputs, core.reduction)
        var codes = [Int8](repeating: 0, count: n * k)
        for j in 0..<n { for p in 0..<k { codes[j * k + p] = core.weightCodes[p * n + j] } }
        return [
            ("\(name).weight", SafeTensors.Entry(dtype: "I8", shape: shape, bytes: codes.map { UInt8(bitPattern: $0) })),
            ("\(name).weight_scale", .floats(core.weightParameters.scales)),
            ("\(name).bias", .ints(core.bias)),
            ("\(name).output_scale", .floats([core.output.scale])),
            ("\(name).output_zero_point", .ints([core.output.zeroPoint])),
        ]
    }

    /// Whether a file's metadata marks it as a quantized model (without validating the rest).
    public static func isQuantizedFile(_ url: URL) -> Bool {
        (try? SafeTensors.read(url).metadata[formatKey]) == formatVersion
    }

    /// Loads and validates a file written by `save`: format marker, operation list, every
    /// tensor's presence, dtype and shape, no unknown tensors, scales finite and positive, zero
    /// points and weight codes inside their ranges, and each layer's input quantisation equal to
    /// the previous layer's output. Throws `QuantizationError.invalidFile` naming the file and problem.
    public static func load(_ url: URL) throws -> (model: QuantizedModel, metadata: [String: String]) {
        let file = url.path
        func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: problem) }
        let (entries, metadata) = try SafeTensors.read(url)
        guard metadata[formatKey] == formatVersion else {
            throw fail("not a quantized model (metadata \(formatKey) is \(metadata[formatKey].map { "'\($0)'" } ?? "missing"), expected '\(formatVersion)')")
        }
        guard let json = metadata[specKey], let spec = try? JSONDecoder().decode(QuantizedModelSpec.self, from: Data(json.utf8)) else {
            throw fail("missing or unreadable \(specKey) metadata")
        }
        var used = Set<String>()
        let model = try decode(spec, entries: entries, prefix: "", used: &used, file: file)
        if let extra = entries.keys.sorted().first(where: { !used.contains($0) }) { throw fail("unknown tensor '\(extra)'") }
        if let info = metadata["quanta.info"], let decoded = try? JSONDecoder().decode([String: String].self, from: Data(info.utf8)) {
            model.info = decoded
        }
        return (model, metadata)
    }

    /// The model of `spec` from the tensors named `prefix` + …, validated (see `load`); the
    /// names read are added to `used`.
    static func decode(_ spec: QuantizedModelSpec, entries: [String: SafeTensors.Entry], prefix: String, used: inout Set<String>,
                       file: String) throws -> QuantizedModel {
        func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: problem) }
        func entry(_ short: String, dtype: String, shape: [Int]?) throws -> SafeTensors.Entry {
            let name = prefix + short
            guard let e = entries[name] else { throw fail("tensor '\(name)' is missing") }
            guard e.dtype == dtype else { throw fail("tensor '\(name)' has dtype \(e.dtype), expected \(dtype)") }
            if let shape, e.shape != shape { throw fail("tensor '\(name)' has shape \(e.shape), expected \(shape)") }
            used.insert(name)
            return e
        }
        func activation(_ prefix: String, _ scaleName: String, _ zeroName: String) throws -> ActivationQuantization {
            let s = try entry("\(prefix).\(scaleName)", dtype: "F32", shape: [1]).floatValues[0]
            let z = try entry("\(prefix).\(zeroName)", dtype: "I32", shape: [1]).intValues[0]
            do { return try ActivationQuantization(scale: s, zeroPoint: z, signed: spec.activationsSigned) } catch { throw fail("\(prefix): \(error)") }
        }
        let input = try activation("input", "scale", "zero_point")
        var current = input
        var ops: [QuantizedModel.Operation] = []
        for (i, o) in spec.operations.enumerated() {
            switch o.kind {
            case "linear", "conv2d":
                guard let name = o.name, let bits = o.weightBits, (2...8).contains(bits), let perChannel = o.perChannel else {
                    throw fail("operation \(i) (\(o.kind)) lacks name, weight_bits (2…8) or per_channel")
                }
                let w = try entry("\(name).weight", dtype: "I8", shape: nil)
                let isConv = o.kind == "conv2d"
                guard w.shape.count == (isConv ? 4 : 2), w.shape.allSatisfy({ $0 > 0 }) else {
                    throw fail("tensor '\(name).weight' has shape \(w.shape), expected rank \(isConv ? 4 : 2) with positive sizes")
                }
                let n = w.shape[0], k = w.shape.dropFirst().reduce(1, *)
                let scales = try entry("\(name).weight_scale", dtype: "F32", shape: [perChannel ? n : 1]).floatValues
                let bias = try entry("\(name).bias", dtype: "I32", shape: [n]).intValues
                let output = try activation(name, "output_scale", "output_zero_point")
                let core: IntegerMatmulCore
                do {
                    let scheme = try QuantizationScheme.weights(bits: bits, granularity: perChannel ? .perChannel(axis: 0) : .perTensor)
                    let params = try QuantizationParameters(scheme: scheme, shape: [n, k], scales: scales, zeroPoints: [Int32](repeating: 0, count: scales.count))
                    let codes = w.bytes.map { Int8(bitPattern: $0) }
                    var transposed = [Int8](repeating: 0, count: n * k)
                    for j in 0..<n { for p in 0..<k { transposed[p * n + j] = codes[j * k + p] } }
                    core = try IntegerMatmulCore(weightCodes: transposed, outputs: n, reduction: k, weightParameters: params, bias: bias,
                                                 input: current, output: output, relu: o.relu ?? false)
                } catch { throw fail("layer \(name): \(error)") }
                if isConv {
                    let config = Conv2DConfig(stride: try pair(o.stride, "stride", i, fail), padding: try pair(o.padding, "padding", i, fail, allowZero: true),
                                              dilation: try pair(o.dilation, "dilation", i, fail))
                    do {
                        ops.append(.conv2d(name: name, try QuantizedConv2D(core: core, inChannels: w.shape[1], kernel: (w.shape[2], w.shape[3]), config: config)))
                    } catch { throw fail("layer \(name): \(error)") }
                } else {
                    ops.append(.linear(name: name, QuantizedLinear(core: core)))
                }
                current = output
            case "maxpool2d":
                ops.append(.maxPool2d(Pool2DConfig(kernel: try pair(o.kernel, "kernel", i, fail), stride: try pair(o.stride, "stride", i, fail))))
            case "relu": ops.append(.relu)
            case "flatten": ops.append(.flatten)
            default: throw fail("operation \(i) has unknown kind '\(o.kind)'")
            }
        }
        guard ops.contains(where: { if case .maxPool2d = $0 { return false }; if case .relu = $0 { return false }; if case .flatten = $0 { return false }; return true })
        else { throw fail("the model has no integer layer") }
        do { return try QuantizedModel(input: input, operations: ops) } catch { throw fail("\(error)") }
    }
}

private func pair(_ values: [Int]?, _ what: String, _ index: Int, _ fail: (String) -> QuantizationError, allowZero: Bool = false) throws -> (Int, Int) {
    guard let v = values, v.count == 2, v.allSatisfy({ allowZero ? $0 >= 0 : $0 > 0 }), v.allSatisfy({ $0 < 1 << 16 }) else {
        throw fail("operation \(index): \(what) must be two \(allowZero ? "non-negative" : "positive") integers, got \(values.map { "\($0)" } ?? "nothing")")
    }
    return (v[0], v[1])
}

/// The operation list of a quantized model file (JSON in the `quanta.quantized` metadata).
public struct QuantizedModelSpec: Codable, Equatable, Sendable {
    public struct Operation: Codable, Equatable, Sendable {
        /// linear, conv2d, maxpool2d, relu, flatten.
        public var kind: String
        public var name: String?
        public var relu: Bool?
        public var weightBits: Int?
        public var perChannel: Bool?
        public var kernel: [Int]?
        public var stride: [Int]?
        public var padding: [Int]?
        public var dilation: [Int]?
        init(kind: String, name: String? = nil, relu: Bool? = nil, weightBits: Int? = nil, perChannel: Bool? = nil) {
            self.kind = kind; self.name = name; self.relu = relu; self.weightBits = weightBits; self.perChannel = perChannel
        }
        enum CodingKeys: String, CodingKey {
            case kind, name, relu, kernel, stride, padding, dilation
            case weightBits = "weight_bits", perChannel = "per_channel"
        }
    }
    public var activationsSigned: Bool
    public var operations: [Operation]
    enum CodingKeys: String, CodingKey { case activationsSigned = "activations_signed", operations }
}

extension SafeTensors.Entry {
    static func floats(_ v: [Float]) -> SafeTensors.Entry {
        SafeTensors.Entry(dtype: "F32", shape: [v.count], bytes: v.withUnsafeBytes { Array($0) })
    }
    static func ints(_ v: [Int32]) -> SafeTensors.Entry {
        SafeTensors.Entry(dtype: "I32", shape: [v.count], bytes: v.withUnsafeBytes { Array($0) })
    }
    var floatValues: [Float] { bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } }
    var intValues: [Int32] { bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) } }
}
