import Foundation

/// Quantized models as safetensors files.
///
/// Tensors (for an operation named n, the path of its layer in the float model):
/// `n.weight` I8 [O, C/groups, KH, KW] or [N, K] (codes, PyTorch layout) for 8-bit weights, or
/// U8 [N, ⌈K·b/8⌉] for b < 8 (codes − qmin packed low bits first, each row padded to a byte;
/// unpacked to int8 on load), `n.weight_scale` F32 [N] or [1], `n.bias` I32 [N] (units of
/// s_in·s_w), `n.output_scale` F32 [1], `n.output_zero_point` I32 [1]; for a residual block r,
/// `r.sum_scale` F32 [1] and `r.sum_zero_point` I32 [1]; `input.scale` F32 [1], `input.zero_point` I32 [1].
/// Activation widths other than 8 bits are in the operation list (`input_bits`, `output_bits`).
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
        let ops = Self.stored(operations, into: &tensors)
        var spec = QuantizedModelSpec(activationsSigned: input.isSigned, operations: ops)
        spec.inputBits = input.bits == 8 ? nil : input.bits
        return (tensors.map { (prefix + $0.name, $0.entry) }, spec)
    }

    private static func stored(_ operations: [Operation], into tensors: inout [(name: String, entry: SafeTensors.Entry)]) -> [QuantizedModelSpec.Operation] {
        operations.map { op -> QuantizedModelSpec.Operation in
            switch op {
            case .linear(let name, let l):
                tensors += entries(name, l.core, shape: [l.core.outputs, l.core.reduction])
                var o = QuantizedModelSpec.Operation(kind: "linear", name: name, relu: l.core.relu, weightBits: l.core.weightParameters.scheme.bits,
                                                     perChannel: l.core.weightParameters.scales.count > 1 || l.core.outputs == 1)
                o.weightShape = [l.core.outputs, l.core.reduction]
                o.outputBits = Self.width(l.core.output)
                return o
            case .conv2d(let name, let c):
                let groupChannels = c.inChannels / c.config.groups
                tensors += entries(name, c.core, shape: [c.core.outputs, groupChannels, c.kernel.0, c.kernel.1])
                var o = QuantizedModelSpec.Operation(kind: "conv2d", name: name, relu: c.core.relu, weightBits: c.core.weightParameters.scheme.bits,
                                                     perChannel: c.core.weightParameters.scales.count > 1 || c.core.outputs == 1)
                o.stride = [c.config.stride.0, c.config.stride.1]
                o.padding = [c.config.padding.0, c.config.padding.1]
                o.dilation = [c.config.dilation.0, c.config.dilation.1]
                o.weightShape = [c.core.outputs, groupChannels, c.kernel.0, c.kernel.1]
                if c.config.groups > 1 { o.groups = c.config.groups }
                o.outputBits = Self.width(c.core.output)
                return o
            case .maxPool2d(let p), .avgPool2d(let p):
                var o = QuantizedModelSpec.Operation(kind: op.isMaxPool ? "maxpool2d" : "avgpool2d")
                o.kernel = [p.kernel.0, p.kernel.1]
                o.stride = [p.stride.0, p.stride.1]
                return o
            case .relu: return .init(kind: "relu")
            case .flatten: return .init(kind: "flatten")
            case .residual(let r):
                var o = QuantizedModelSpec.Operation(kind: "residual", name: r.name, relu: r.add.relu)
                o.body = stored(r.body, into: &tensors)
                o.shortcut = r.shortcut.map { stored($0, into: &tensors) }
                o.outputBits = Self.width(r.add.output)
                tensors += [("\(r.name).sum_scale", .floats([r.add.output.scale])), ("\(r.name).sum_zero_point", .ints([r.add.output.zeroPoint]))]
                return o
            }
        }
    }

    /// An activation width as stored: absent for 8 bits (files from before widths existed).
    private static func width(_ p: ActivationQuantization) -> Int? { p.bits == 8 ? nil : p.bits }

    /// A layer's tensors: codes [N, K] as `name.weight` (I8 of `shape` at 8 bits, else U8
    /// [N, ⌈K·b/8⌉] packed as `PackedWeights`), scales, int32 bias, output parameters.
    static func entries(_ name: String, _ core: IntegerMatmulCore, shape: [Int]) -> [(name: String, entry: SafeTensors.Entry)] {
        let (n, k) = (core.outputs, core.reduction)
        var codes = [Int8](repeating: 0, count: n * k)
        for j in 0..<n { for p in 0..<k { codes[j * k + p] = core.weightCodes[p * n + j] } }
        let bits = core.weightParameters.scheme.bits
        let weight: SafeTensors.Entry
        if bits == 8 {
            weight = SafeTensors.Entry(dtype: "I8", shape: shape, bytes: codes.map { UInt8(bitPattern: $0) })
        } else {
            let packed = PackedWeights(codes: codes.map { Int32($0) }, parameters: core.weightParameters)
            weight = SafeTensors.Entry(dtype: "U8", shape: [n, packed.rowBytes], bytes: packed.packed)
        }
        return [
            ("\(name).weight", weight),
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
        var decoder = QuantizedFileDecoder(entries: entries, prefix: prefix, file: file, signed: spec.activationsSigned)
        let input = try decoder.activation("input", "scale", "zero_point", bits: spec.inputBits ?? 8)
        let (ops, _) = try decoder.operations(spec.operations, input: input)
        used.formUnion(decoder.used)
        guard !cores(in: ops).isEmpty else { throw decoder.fail("the model has no integer layer") }
        do { return try QuantizedModel(input: input, operations: ops) } catch { throw decoder.fail("\(error)") }
    }
}

extension QuantizedModel.Operation {
    var isMaxPool: Bool {
        if case .maxPool2d = self { return true }
        return false
    }
}

func pair(_ values: [Int]?, _ what: String, _ index: Int, _ fail: (String) -> QuantizationError, allowZero: Bool = false) throws -> (Int, Int) {
    guard let v = values, v.count == 2, v.allSatisfy({ allowZero ? $0 >= 0 : $0 > 0 }), v.allSatisfy({ $0 < 1 << 16 }) else {
        throw fail("operation \(index): \(what) must be two \(allowZero ? "non-negative" : "positive") integers, got \(values.map { "\($0)" } ?? "nothing")")
    }
    return (v[0], v[1])
}

/// The operation list of a quantized model file (JSON in the `quanta.quantized` metadata).
public struct QuantizedModelSpec: Codable, Equatable, Sendable {
    public struct Operation: Codable, Equatable, Sendable {
        /// linear, conv2d, maxpool2d, avgpool2d, relu, flatten, residual.
        public var kind: String
        public var name: String?
        public var relu: Bool?
        public var weightBits: Int?
        public var perChannel: Bool?
        public var kernel: [Int]?
        public var stride: [Int]?
        public var padding: [Int]?
        public var dilation: [Int]?
        /// The float weight's shape, [N, K] or [O, C/groups, KH, KW].
        public var weightShape: [Int]?
        /// Convolution groups (absent: 1).
        public var groups: Int?
        /// The width of the layer's output or the block's sum (absent: 8 bits).
        public var outputBits: Int?
        /// A residual block's branches (absent shortcut: the identity).
        public var body: [Operation]?
        public var shortcut: [Operation]?
        init(kind: String, name: String? = nil, relu: Bool? = nil, weightBits: Int? = nil, perChannel: Bool? = nil) {
            self.kind = kind; self.name = name; self.relu = relu; self.weightBits = weightBits; self.perChannel = perChannel
        }
        enum CodingKeys: String, CodingKey {
            case kind, name, relu, kernel, stride, padding, dilation, groups, body, shortcut
            case weightBits = "weight_bits", perChannel = "per_channel", weightShape = "weight_shape", outputBits = "output_bits"
        }
    }
    public var activationsSigned: Bool
    /// The input's width (absent: 8 bits).
    public var inputBits: Int?
    public var operations: [Operation]
    init(activationsSigned: Bool, operations: [Operation]) {
        self.activationsSigned = activationsSigned
        self.operations = operations
    }
    enum CodingKeys: String, CodingKey { case activationsSigned = "activations_signed", inputBits = "input_bits", operations }
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
