/// Reads the operations of a quantized model file (`QuantizedModel.load`), validating every
/// tensor's presence, dtype and shape, scales, zero points and codes, and recording the tensor
/// names it used.
struct QuantizedFileDecoder {
    let entries: [String: SafeTensors.Entry]
    let prefix: String
    let file: String
    let signed: Bool
    private(set) var used = Set<String>()

    init(entries: [String: SafeTensors.Entry], prefix: String, file: String, signed: Bool) {
        self.entries = entries
        self.prefix = prefix
        self.file = file
        self.signed = signed
    }

    func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: problem) }

    mutating func entry(_ short: String, dtype: String, shape: [Int]?) throws -> SafeTensors.Entry {
        let name = prefix + short
        guard let e = entries[name] else { throw fail("tensor '\(name)' is missing") }
        guard e.dtype == dtype else { throw fail("tensor '\(name)' has dtype \(e.dtype), expected \(dtype)") }
        if let shape, e.shape != shape { throw fail("tensor '\(name)' has shape \(e.shape), expected \(shape)") }
        used.insert(name)
        return e
    }

    /// The activation quantisation stored as `name.scaleName` and `name.zeroName`.
    mutating func activation(_ name: String, _ scaleName: String, _ zeroName: String, bits: Int) throws -> ActivationQuantization {
        let s = try entry("\(name).\(scaleName)", dtype: "F32", shape: [1]).floatValues[0]
        let z = try entry("\(name).\(zeroName)", dtype: "I32", shape: [1]).intValues[0]
        do { return try ActivationQuantization(scale: s, zeroPoint: z, signed: signed, bits: bits) } catch { throw fail("\(name): \(error)") }
    }

    /// The operations of `spec` reading `input`, and the quantisation of their output.
    mutating func operations(_ spec: [QuantizedModelSpec.Operation], input: ActivationQuantization) throws
        -> ([QuantizedModel.Operation], ActivationQuantization) {
        var current = input
        var ops: [QuantizedModel.Operation] = []
        for (i, o) in spec.enumerated() {
            switch o.kind {
            case "linear", "conv2d":
                let (op, output) = try affine(o, index: i, input: current)
                ops.append(op)
                current = output
            case "maxpool2d", "avgpool2d":
                let config = Pool2DConfig(kernel: try pair(o.kernel, "kernel", i, fail), stride: try pair(o.stride, "stride", i, fail))
                ops.append(o.kind == "maxpool2d" ? .maxPool2d(config) : .avgPool2d(config))
            case "relu": ops.append(.relu)
            case "flatten": ops.append(.flatten)
            case "residual":
                let (block, output) = try residual(o, index: i, input: current)
                ops.append(.residual(block))
                current = output
            default: throw fail("operation \(i) has unknown kind '\(o.kind)'")
            }
        }
        return (ops, current)
    }

    private mutating func residual(_ o: QuantizedModelSpec.Operation, index i: Int, input: ActivationQuantization) throws
        -> (QuantizedResidual, ActivationQuantization) {
        guard let name = o.name, let bodySpec = o.body else { throw fail("operation \(i) (residual) lacks name or body") }
        let (body, bodyOutput) = try operations(bodySpec, input: input)
        var shortcut: [QuantizedModel.Operation]?
        var shortcutOutput = input
        if let s = o.shortcut { (shortcut, shortcutOutput) = try operations(s, input: input) }
        let sum = try activation(name, "sum_scale", "sum_zero_point", bits: o.outputBits ?? 8)
        do {
            let add = try QuantizedAdd(a: bodyOutput, b: shortcutOutput, output: sum, relu: o.relu ?? false)
            return (QuantizedResidual(name: name, body: body, shortcut: shortcut, add: add), sum)
        } catch { throw fail("block \(name): \(error)") }
    }

    private mutating func affine(_ o: QuantizedModelSpec.Operation, index i: Int, input: ActivationQuantization) throws
        -> (QuantizedModel.Operation, ActivationQuantization) {
        guard let name = o.name, let bits = o.weightBits, (2...8).contains(bits), let perChannel = o.perChannel else {
            throw fail("operation \(i) (\(o.kind)) lacks name, weight_bits (2…8) or per_channel")
        }
        let isConv = o.kind == "conv2d"
        // files before weight_shape existed hold 8-bit codes in a tensor of the layer's shape
        let shape = o.weightShape ?? (bits == 8 ? entries[prefix + name + ".weight"]?.shape : nil)
        guard let shape, shape.count == (isConv ? 4 : 2), shape.allSatisfy({ $0 > 0 && $0 < 1 << 20 }) else {
            throw fail("operation \(i) (\(name)): weight_shape must be \(isConv ? 4 : 2) positive sizes, got \(o.weightShape.map { "\($0)" } ?? "nothing")")
        }
        let n = shape[0], k = shape.dropFirst().reduce(1, *)
        let scales = try entry("\(name).weight_scale", dtype: "F32", shape: [perChannel ? n : 1]).floatValues
        let bias = try entry("\(name).bias", dtype: "I32", shape: [n]).intValues
        let output = try activation(name, "output_scale", "output_zero_point", bits: o.outputBits ?? 8)
        let params: QuantizationParameters
        do {
            let scheme = try QuantizationScheme.weights(bits: bits, granularity: perChannel ? .perChannel(axis: 0) : .perTensor)
            params = try QuantizationParameters(scheme: scheme, shape: [n, k], scales: scales, zeroPoints: [Int32](repeating: 0, count: scales.count))
        } catch { throw fail("layer \(name): \(error)") }
        let codes = try weightCodes(name, bits: bits, shape: shape, parameters: params)
        let core: IntegerMatmulCore
        do {
            var transposed = [Int8](repeating: 0, count: n * k)
            for j in 0..<n { for p in 0..<k { transposed[p * n + j] = codes[j * k + p] } }
            core = try IntegerMatmulCore(weightCodes: transposed, outputs: n, reduction: k, weightParameters: params, bias: bias,
                                         input: input, output: output, relu: o.relu ?? false)
        } catch { throw fail("layer \(name): \(error)") }
        guard isConv else { return (.linear(name: name, QuantizedLinear(core: core)), output) }
        let groups = o.groups ?? 1
        guard groups > 0 && groups < 1 << 16 else { throw fail("operation \(i) (\(name)): groups \(groups) is not a positive count") }
        let config = Conv2DConfig(stride: try pair(o.stride, "stride", i, fail), padding: try pair(o.padding, "padding", i, fail, allowZero: true),
                                  dilation: try pair(o.dilation, "dilation", i, fail), groups: groups)
        do {
            let conv = try QuantizedConv2D(core: core, inChannels: shape[1] * groups, kernel: (shape[2], shape[3]), config: config)
            return (.conv2d(name: name, conv), output)
        } catch { throw fail("layer \(name): \(error)") }
    }

    /// A layer's weight codes [N, K] row-major: `name.weight` I8 at 8 bits, else `name.weight`
    /// U8 [N, ⌈K·b/8⌉] packed as `PackedWeights` (codes − qmin, low bits first), unpacked here.
    private mutating func weightCodes(_ name: String, bits: Int, shape: [Int], parameters: QuantizationParameters) throws -> [Int8] {
        let n = shape[0], k = shape.dropFirst().reduce(1, *)
        if bits == 8 {
            return try entry("\(name).weight", dtype: "I8", shape: shape).bytes.map { Int8(bitPattern: $0) }
        }
        let bytes = try entry("\(name).weight", dtype: "U8", shape: [n, (k * bits + 7) / 8]).bytes
        do {
            return try PackedWeights(rows: n, columns: k, parameters: parameters, packed: bytes).int8Codes()
        } catch { throw fail("tensor '\(prefix)\(name).weight': \(error)") }
    }
}
