import Foundation

/// Weight-only (RTN) models as safetensors files.
///
/// Tensors, for a quantized layer at path n of the layer tree ("3", or "2.body.0" inside a
/// block): `n.weight_codes` U8 [N, ⌈K·b/8⌉]
/// (the codes u = q − qmin bit-packed LSB first, each row byte-aligned, exactly as in memory),
/// `n.weight_scale` F32 [groups], `n.weight_zero_point` I32 [groups] (affine schemes only), `n.bias`
/// F32 [N] when the layer has one, and for a layer whose input is quantized too (mixed-precision
/// models) `n.input_scale` F32 [1] and `n.input_zero_point` I32 [1] (its spec entry then has
/// `input_bits` and `input_signed`). Every other leaf's parameters and buffers are F32 under their
/// checkpoint names (`i.gamma`, `i.running_mean`, …).
/// Metadata: `quanta.format` = "quanta-weight-only-1"; `quanta.weight_only` = JSON of
/// `WeightOnlySpec` (the leaves' types in tree order, each quantized layer's shape, bits,
/// granularity, axis or group size, convolution geometry); any extra metadata (the float
/// model's spec) is kept.
extension WeightOnlyQuantization {
    public static let formatKey = "quanta.format"
    public static let formatVersion = "quanta-weight-only-1"
    public static let specKey = "quanta.weight_only"

    /// Writes a model from `roundToNearest` atomically to `url`, with `metadata` added. Throws
    /// `unsupportedModel` when it has no weight-only layer.
    public static func save(_ model: Sequential<Float>, to url: URL, metadata: [String: String] = [:]) throws {
        var tensors: [(name: String, entry: SafeTensors.Entry)] = []
        var layers: [WeightOnlySpec.Layer] = []
        let leaves = model.leaves
        for (n, layer) in leaves {
            if let l = layer as? WeightOnlyLinear {
                var spec = WeightOnlySpec.Layer(name: n, kind: "linear", weightShape: [l.weights.rows, l.weights.columns],
                                                scheme: l.weights.parameters.scheme)
                spec.setInput(l.input)
                layers.append(spec)
                tensors += entries(n, l.weights, bias: l.bias, input: l.input)
            } else if let c = layer as? WeightOnlyConv2D {
                var spec = convolutionSpec(n, c)
                spec.setInput(c.input)
                layers.append(spec)
                tensors += entries(n, c.weights, bias: c.bias, input: c.input)
            } else {
                for (name, v) in layer.namedParameters { tensors.append(("\(n).\(name)", SafeTensors.Entry(v.value))) }
                for (name, t) in layer.namedBuffers { tensors.append(("\(n).\(name)", SafeTensors.Entry(t))) }
            }
        }
        guard !layers.isEmpty else { throw QuantizationError.unsupportedModel("no weight-only layer to save (run roundToNearest first)") }
        let spec = WeightOnlySpec(layerTypes: leaves.map { WeightOnlySpec.typeName($0.layer) }, layers: layers)
        var meta = metadata
        meta[formatKey] = formatVersion
        meta[specKey] = try SafeTensors.metadataJSON(spec)
        try SafeTensors.write(tensors, metadata: meta, to: url)
    }

    static func convolutionSpec(_ n: String, _ c: WeightOnlyConv2D) -> WeightOnlySpec.Layer {
        var spec = WeightOnlySpec.Layer(name: n, kind: "conv2d", weightShape: c.weightShape, scheme: c.weights.parameters.scheme)
        spec.stride = [c.config.stride.0, c.config.stride.1]
        spec.padding = [c.config.padding.0, c.config.padding.1]
        spec.dilation = [c.config.dilation.0, c.config.dilation.1]
        spec.groups = c.config.groups
        return spec
    }

    static func entries(_ n: String, _ w: PackedWeights, bias: Tensor<Float>?,
                        input: InputQuantizer?) -> [(name: String, entry: SafeTensors.Entry)] {
        var out: [(name: String, entry: SafeTensors.Entry)] = [
            ("\(n).weight_codes", SafeTensors.Entry(dtype: "U8", shape: [w.rows, w.rowBytes], bytes: w.packed)),
            ("\(n).weight_scale", .floats(w.parameters.scales)),
        ]
        if !w.parameters.scheme.isSymmetric { out.append(("\(n).weight_zero_point", .ints(w.parameters.zeroPoints))) }
        if let bias { out.append(("\(n).bias", SafeTensors.Entry(bias))) }
        if let input {
            out.append(("\(n).input_scale", .floats(input.parameters.scales)))
            out.append(("\(n).input_zero_point", .ints(input.parameters.zeroPoints)))
        }
        return out
    }

    /// Whether metadata marks a file as a weight-only model (without validating the rest).
    public static func isWeightOnly(_ metadata: [String: String]) -> Bool { metadata[formatKey] == formatVersion }

    /// Loads a file written by `save` into the float architecture `template` (a freshly built model
    /// of the same spec; it is left unchanged): the layer types must match the file's; each quantized
    /// layer is checked against the template's weight shape, bias and convolution geometry, its scheme
    /// (2…8 bits, granularity, axis, group size), codes (count, range, zero padding), scales (count,
    /// finite, > 0) and zero points; every other tensor must have the template's shape, dtype F32 and
    /// finite values; unknown tensors are refused. Returns the weight-only model in evaluation mode.
    /// Throws `QuantizationError.invalidFile` naming the file and the tensor or field at fault.
    public static func load(_ url: URL, into template: Sequential<Float>) throws -> (model: Sequential<Float>, metadata: [String: String]) {
        let file = url.path
        func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: problem) }
        let (entries, metadata) = try SafeTensors.read(url)
        guard isWeightOnly(metadata) else {
            throw fail("not a weight-only model (metadata \(formatKey) is \(metadata[formatKey].map { "'\($0)'" } ?? "missing"), expected '\(formatVersion)')")
        }
        guard let json = metadata[specKey], let spec = try? JSONDecoder().decode(WeightOnlySpec.self, from: Data(json.utf8)) else {
            throw fail("missing or unreadable \(specKey) metadata")
        }
        let leaves = template.leaves
        let byPath = Dictionary(leaves.map { ($0.path, $0.layer) }, uniquingKeysWith: { first, _ in first })
        let types = leaves.map { WeightOnlySpec.typeName($0.layer) }
        guard spec.layerTypes == types else {
            throw fail("the file's layers \(spec.layerTypes) differ from the model's \(types) (a different architecture?)")
        }
        var used = Set<String>()
        func entry(_ name: String, dtype: String, shape: [Int]) throws -> SafeTensors.Entry {
            guard let e = entries[name] else { throw fail("tensor '\(name)' is missing") }
            guard e.dtype == dtype else { throw fail("tensor '\(name)' has dtype \(e.dtype), expected \(dtype)") }
            guard e.shape == shape else { throw fail("tensor '\(name)' has shape \(e.shape), expected \(shape)") }
            used.insert(name)
            return e
        }
        func floats(_ name: String, shape: [Int]) throws -> Tensor<Float> {
            let values = try entry(name, dtype: "F32", shape: shape).floatValues
            if let bad = values.firstIndex(where: { !$0.isFinite }) { throw fail("tensor '\(name)' holds \(values[bad]) at \(bad): not finite") }
            return Tensor(shape: shape, scalars: values)
        }

        var quantized: [String: any Layer<Float>] = [:]
        for (position, l) in spec.layers.enumerated() {
            guard let float = byPath[l.name], quantized[l.name] == nil else {
                throw fail("quantized layer \(position) has name '\(l.name)': not a distinct layer of the model")
            }
            quantized[l.name] = try layer(l, float, entry: entry, floats: floats, fail: fail)
        }
        guard !quantized.isEmpty else { throw fail("the file has no quantized layer") }

        // The float layers' values are all read and checked before any is set.
        var parameters: [(Variable<Float>, Tensor<Float>)] = []
        var buffers: [(any Layer<Float>, String, String, Tensor<Float>)] = []
        for (path, layer) in leaves where quantized[path] == nil {
            for (name, v) in layer.namedParameters { parameters.append((v, try floats("\(path).\(name)", shape: v.shape))) }
            for (name, t) in layer.namedBuffers { buffers.append((layer, path, name, try floats("\(path).\(name)", shape: t.shape))) }
        }
        if let extra = entries.keys.sorted().first(where: { !used.contains($0) }) { throw fail("unknown tensor '\(extra)'") }
        // Fresh copies of the template's float layers would need per-type cloning; the template is
        // modified only now that the whole file has been accepted.
        for (v, value) in parameters { v.value = value }
        for (layer, path, name, value) in buffers where !layer.setBuffer(name, to: value) {
            throw fail("buffer '\(path).\(name)' was refused by the model")
        }
        let model = template.mappingLeaves { path, _ in quantized[path] }
        model.isTraining = false
        return (model, metadata)
    }

    /// One quantized layer of the file, checked against the template's float layer.
    private static func layer(_ l: WeightOnlySpec.Layer, _ float: any Layer<Float>,
                              entry: (String, String, [Int]) throws -> SafeTensors.Entry,
                              floats: (String, [Int]) throws -> Tensor<Float>,
                              fail: (String) -> QuantizationError) throws -> any Layer<Float> {
        let n = l.name
        let weightShape: [Int], hasBias: Bool
        if let linear = float as? Linear<Float>, l.kind == "linear" {
            (weightShape, hasBias) = (linear.weight.shape, linear.bias != nil)
        } else if let conv = float as? Conv2D<Float>, l.kind == "conv2d" {
            (weightShape, hasBias) = (conv.weight.shape, conv.bias != nil)
            guard let config = l.config, config == conv.config else {
                throw fail("layer \(n): convolution geometry (stride \(l.stride ?? []), padding \(l.padding ?? []), dilation \(l.dilation ?? []), groups \(l.groups.map(String.init) ?? "none")) differs from the model's")
            }
        } else {
            throw fail("layer \(n) is stored as '\(l.kind)' but the model's layer \(n) is \(WeightOnlySpec.typeName(float))")
        }
        guard l.weightShape == weightShape else { throw fail("layer \(n): weight shape \(l.weightShape) differs from the model's \(weightShape)") }
        let (rows, columns) = (weightShape[0], weightShape.dropFirst().reduce(1, *))
        let scheme: QuantizationScheme, groups: Int
        do {
            scheme = try l.scheme()
            groups = try QuantizationParameters.groupCount(scheme, [rows, columns])
        } catch { throw fail("layer \(n): \(error)") }
        let scales = try entry("\(n).weight_scale", "F32", [groups]).floatValues
        let zeroPoints: [Int32]
        if scheme.isSymmetric {
            zeroPoints = [Int32](repeating: scheme.isSigned ? 0 : (scheme.qmin + scheme.qmax + 1) / 2, count: groups)
        } else {
            zeroPoints = try entry("\(n).weight_zero_point", "I32", [groups]).intValues
        }
        let rowBytes = (columns * scheme.bits + 7) / 8
        let codes = try entry("\(n).weight_codes", "U8", [rows, rowBytes]).bytes
        let bias = try hasBias ? floats("\(n).bias", [rows]) : nil
        let weights: PackedWeights
        do {
            let parameters = try QuantizationParameters(scheme: scheme, shape: [rows, columns], scales: scales, zeroPoints: zeroPoints)
            weights = try PackedWeights(rows: rows, columns: columns, parameters: parameters, packed: codes)
        } catch { throw fail("layer \(n) ('\(n).weight_codes', '\(n).weight_scale'): \(error)") }
        let input = try inputQuantizer(l, entry: entry, fail: fail)
        do {
            if let conv = float as? Conv2D<Float> {
                let layer = try WeightOnlyConv2D(weights: weights, weightShape: weightShape, bias: bias, config: conv.config)
                layer.input = input
                return layer
            }
            let layer = try WeightOnlyLinear(weights: weights, bias: bias)
            layer.input = input
            return layer
        } catch { throw fail("layer \(n): \(error)") }
    }

    /// The stored input quantization of a layer, nil when the file has none for it.
    private static func inputQuantizer(_ l: WeightOnlySpec.Layer,
                                       entry: (String, String, [Int]) throws -> SafeTensors.Entry,
                                       fail: (String) -> QuantizationError) throws -> InputQuantizer? {
        guard let bits = l.inputBits else { return nil }
        let n = l.name
        let scale = try entry("\(n).input_scale", "F32", [1]).floatValues
        let zero = try entry("\(n).input_zero_point", "I32", [1]).intValues
        do {
            guard (2...8).contains(bits) else { throw QuantizationError.invalidArgument("input bits must be 2…8, got \(bits)") }
            let scheme = try QuantizationScheme.activations(bits: bits, signed: l.inputSigned ?? false)
            return InputQuantizer(try QuantizationParameters(scheme: scheme, shape: [], scales: scale, zeroPoints: zero))
        } catch { throw fail("layer \(n) ('\(n).input_scale', '\(n).input_zero_point'): \(error)") }
    }
}
