/// What a weight-only (RTN) model file records beside its tensors, as JSON in the
/// `quanta.weight_only` metadata: the float model's layer types (to check the model it is loaded
/// into) and, for each quantized layer, its weight shape, scheme and convolution geometry.
public struct WeightOnlySpec: Codable, Equatable, Sendable {
    /// One Linear or Conv2D layer stored as packed codes.
    public struct Layer: Codable, Equatable, Sendable {
        /// The layer's index in the Sequential, as a string ("0", "3", …): the tensor name prefix.
        public var name: String
        /// linear or conv2d.
        public var kind: String
        /// The float weight's shape: [N, K] (linear) or [O, C, KH, KW] (conv2d).
        public var weightShape: [Int]
        public var bits: Int
        public var signed: Bool
        public var symmetric: Bool
        /// tensor, channel or group.
        public var granularity: String
        /// The channel axis of the [N, K] code matrix (channel granularity).
        public var axis: Int?
        /// Elements per group along a row (group granularity).
        public var groupSize: Int?
        public var stride: [Int]?
        public var padding: [Int]?
        public var dilation: [Int]?
        public var groups: Int?
        /// Bits and sign of the input's codes, for a layer whose input is quantized too.
        public var inputBits: Int?
        public var inputSigned: Bool?

        enum CodingKeys: String, CodingKey {
            case name, kind, bits, signed, symmetric, granularity, axis, stride, padding, dilation, groups
            case weightShape = "weight_shape", groupSize = "group_size"
            case inputBits = "input_bits", inputSigned = "input_signed"
        }

        /// Records `input`'s width and sign (nothing for nil).
        mutating func setInput(_ input: InputQuantizer?) {
            inputBits = input?.parameters.scheme.bits
            inputSigned = input?.parameters.scheme.isSigned
        }

        /// The entry for a layer named `name` holding `weights` (of a float weight shaped `weightShape`).
        init(name: String, kind: String, weightShape: [Int], scheme: QuantizationScheme) {
            self.name = name; self.kind = kind; self.weightShape = weightShape
            bits = scheme.bits; signed = scheme.isSigned; symmetric = scheme.isSymmetric
            switch scheme.granularity {
            case .perTensor: granularity = "tensor"
            case .perChannel(let a): granularity = "channel"; axis = a
            case .perGroup(let g): granularity = "group"; groupSize = g
            }
        }

        /// The scheme these fields describe; throws `invalidArgument` for a bit width outside 2…8,
        /// an unknown granularity, an axis other than 0 or 1, or a group size outside 1…2³⁰.
        func scheme() throws -> QuantizationScheme {
            guard (2...8).contains(bits) else { throw QuantizationError.invalidArgument("bits must be 2…8, got \(bits)") }
            let g: QuantizationScheme.Granularity
            switch granularity {
            case "tensor": g = .perTensor
            case "channel":
                guard let axis, (0...1).contains(axis) else { throw QuantizationError.invalidArgument("channel axis must be 0 or 1, got \(axis.map(String.init) ?? "none")") }
                g = .perChannel(axis: axis)
            case "group":
                // Bounded so that group counts cannot overflow.
                guard let groupSize, (1...1 << 30).contains(groupSize) else {
                    throw QuantizationError.invalidArgument("group size must be 1…\(1 << 30), got \(groupSize.map(String.init) ?? "none")")
                }
                g = .perGroup(size: groupSize)
            default: throw QuantizationError.invalidArgument("unknown granularity '\(granularity)' (tensor, channel or group)")
            }
            return try QuantizationScheme(bits: bits, signed: signed, symmetric: symmetric, granularity: g)
        }

        /// The stored convolution geometry, or nil when a field is missing or out of range.
        var config: Conv2DConfig? {
            guard let stride, let padding, let dilation, let groups, stride.count == 2, padding.count == 2, dilation.count == 2,
                  (stride + dilation).allSatisfy({ (1..<1 << 16).contains($0) }), padding.allSatisfy({ (0..<1 << 16).contains($0) }),
                  (1..<1 << 16).contains(groups) else { return nil }
            return Conv2DConfig(stride: (stride[0], stride[1]), padding: (padding[0], padding[1]),
                                dilation: (dilation[0], dilation[1]), groups: groups)
        }
    }

    /// Type names of the float model's layers, in order ("Conv2D", "Activation", "Linear", …).
    public var layerTypes: [String]
    public var layers: [Layer]

    enum CodingKeys: String, CodingKey { case layerTypes = "layer_types", layers }

    /// The name a layer of the float model is recorded under: its type without generic arguments,
    /// with weight-only layers named after the float layer they replace.
    static func typeName(_ layer: any NeuralNetworks.Layer<Float>) -> String {
        if layer is WeightOnlyLinear { return "Linear" }
        if layer is WeightOnlyConv2D { return "Conv2D" }
        let name = String(describing: type(of: layer))
        return name.firstIndex(of: "<").map { String(name[..<$0]) } ?? name
    }
}
