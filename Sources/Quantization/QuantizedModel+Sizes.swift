import Foundation

extension QuantizedModel {
    /// One integer layer's widths and stored size.
    public struct LayerSize: Sendable, Equatable, Codable {
        /// The layer's path in the float model.
        public var path: String
        /// "conv2d" or "linear".
        public var kind: String
        public var weights: Int
        public var weightBits: Int
        public var inputBits: Int
        public var outputBits: Int
        /// Packed weight codes (rows padded to a byte), int32 bias, scales and output parameters.
        public var bytes: Int
        enum CodingKeys: String, CodingKey {
            case path, kind, weights, bytes
            case weightBits = "weight_bits", inputBits = "input_bits", outputBits = "output_bits"
        }
    }

    /// Every Linear and Conv2D in execution order with its widths and bytes.
    public var layerSizes: [LayerSize] {
        Self.namedCores(in: operations).map { name, kind, core in
            let bits = core.weightParameters.scheme.bits
            let rowBytes = (core.reduction * bits + 7) / 8
            let bytes = core.outputs * rowBytes + 4 * core.bias.count + 4 * core.weightParameters.scales.count + 8
            return LayerSize(path: name, kind: kind, weights: core.outputs * core.reduction, weightBits: bits,
                             inputBits: core.input.bits, outputBits: core.output.bits, bytes: bytes)
        }
    }

    /// A fixed-width table of `layerSizes` with a total line.
    public var layerSizeTable: String {
        var lines = ["layer           kind      weights   W  in  out     bytes"]
        for s in layerSizes {
            let name = s.path.padding(toLength: 15, withPad: " ", startingAt: 0) + " " + s.kind.padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append(name + String(format: " %8d  %2d  %2d  %3d  %8d", s.weights, s.weightBits, s.inputBits, s.outputBits, s.bytes))
        }
        lines.append(String(format: "total %52d", layerSizes.reduce(0) { $0 + $1.bytes }))
        return lines.joined(separator: "\n")
    }

    static func namedCores(in ops: [Operation]) -> [(name: String, kind: String, core: IntegerMatmulCore)] {
        ops.flatMap { op -> [(name: String, kind: String, core: IntegerMatmulCore)] in
            switch op {
            case .linear(let name, let l): return [(name, "linear", l.core)]
            case .conv2d(let name, let c): return [(name, "conv2d", c.core)]
            case .residual(let r): return namedCores(in: r.body) + namedCores(in: r.shortcut ?? [])
            default: return []
            }
        }
    }
}
