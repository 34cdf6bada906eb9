/// Bit widths of one quantizable layer: its weight codes and the codes of its input activation.
public struct LayerBits: Sendable, Equatable, Codable, CustomStringConvertible {
    public var weight: Int
    public var activation: Int

    public init(weight: Int, activation: Int) {
        self.weight = weight
        self.activation = activation
    }

    public var description: String { "W\(weight)A\(activation)" }
}

/// A mixed-precision plan: bit widths for every quantizable layer (Linear, Conv2D) of a model,
/// by layer path, in layer order, with each layer's weight count for size arithmetic.
public struct BitAllocation: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        /// The layer's path in the model ("2.body.0").
        public var path: String
        public var bits: LayerBits
        /// Number of weight scalars.
        public var weights: Int
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Every quantizable layer of `model` at the same widths.
    public static func uniform(_ model: any Layer<Float>, bits: LayerBits) -> BitAllocation {
        BitAllocation(entries: quantizableLayers(of: model).map {
            Entry(path: $0.path, bits: bits, weights: $0.layer.weightMatrix.count)
        })
    }

    /// The widths of the layer at `path`, if it is in the plan.
    public func bits(of path: String) -> LayerBits? { entries.first { $0.path == path }?.bits }

    /// Σ weights·bits / Σ weights: the average weight width.
    public var averageWeightBits: Double {
        let total = entries.reduce(0) { $0 + $1.weights }
        let bits = entries.reduce(0) { $0 + $1.weights * $1.bits.weight }
        return total == 0 ? 0 : Double(bits) / Double(total)
    }

    /// Bytes of all weight codes packed at their widths (row padding and scales not counted).
    public var weightCodeBytes: Int { (entries.reduce(0) { $0 + $1.weights * $1.bits.weight } + 7) / 8 }

    /// One line per layer: path, weights, widths.
    public var summary: String {
        entries.map { "\($0.path): \($0.bits) (\($0.weights) weights)" }.joined(separator: "\n")
    }
}

/// The Linear and Conv2D leaves of a model, with their paths, in layer order.
public func quantizableLayers(of model: any Layer<Float>) -> [(path: String, layer: any Quantizable)] {
    model.leaves.compactMap { path, layer in (layer as? any Quantizable).map { (path, $0) } }
}
