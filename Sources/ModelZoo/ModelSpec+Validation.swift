import Datasets
import Foundation
import NeuralNetworks

extension ModelSpec {
    /// Largest sizes a spec may name: anything larger is a damaged file, not a model.
    static let maxClasses = 1_000_000
    static let maxWidth = 1 << 24
    static let maxFeatures = 1 << 28

    /// The first field out of range, as "field 'classes' = -3 is not in 1...1000000", or nil.
    public var problem: String? {
        func field(_ name: String, _ value: Any, _ range: String) -> String {
            "field '\(name)' = \(value) is not in \(range)"
        }
        if !(1...Self.maxClasses).contains(classes) { return field("classes", classes, "1...\(Self.maxClasses)") }
        if inputShape.isEmpty || inputShape.count > 4 { return field("inputShape", inputShape, "1 to 4 positive sizes") }
        if let bad = inputShape.first(where: { !(1...Self.maxWidth).contains($0) }) {
            return field("inputShape", inputShape, "positive sizes ≤ \(Self.maxWidth) (has \(bad))")
        }
        if Double(inputShape.reduce(1) { $0 * $1 }) > Double(Self.maxFeatures) {
            return field("inputShape", inputShape, "at most \(Self.maxFeatures) features")
        }
        if let hidden, hidden.isEmpty || hidden.count > 64 || hidden.contains(where: { !(1...Self.maxWidth).contains($0) }) {
            return field("hidden", hidden, "1 to 64 widths in 1...\(Self.maxWidth)")
        }
        if let channels, !(1...4096).contains(channels) { return field("channels", channels, "1...4096") }
        if let horizon, !(1...100_000).contains(horizon) { return field("horizon", horizon, "1...100000") }
        if let qubits, !(1...12).contains(qubits) { return field("qubits", qubits, "1...12") }
        if let circuitLayers, !(1...64).contains(circuitLayers) { return field("circuitLayers", circuitLayers, "1...64") }
        if let classNames, classNames.count != classes {
            return "field 'classNames' has \(classNames.count) names for \(classes) classes"
        }
        if let t = targetNormalization, t.mean.count != classes || t.std.count != classes || t.channelAxis != 1
            || t.mean.contains(where: { !$0.isFinite }) || t.std.contains(where: { !($0.isFinite && $0 > 0) }) {
            return "field 'targetNormalization' does not standardise \(classes) finite targets"
        }
        return normalization.flatMap(normalizationProblem)
    }

    /// Statistics that standardise this input: one finite mean and positive std per channel.
    func normalizationProblem(_ n: Normalization) -> String? {
        guard n.mean.count == n.std.count, !n.mean.isEmpty else {
            return "field 'normalization' has \(n.mean.count) means and \(n.std.count) stds"
        }
        guard n.channelAxis >= 1, n.channelAxis <= inputShape.count, inputShape[n.channelAxis - 1] == n.mean.count else {
            return "field 'normalization' has \(n.mean.count) channels on axis \(n.channelAxis) of samples \(inputShape)"
        }
        if n.mean.contains(where: { !$0.isFinite }) || n.std.contains(where: { !($0.isFinite && $0 > 0) }) {
            return "field 'normalization' has a mean that is not finite or a std that is not positive"
        }
        return nil
    }

    /// Throws `SafeTensorsError` naming `file` and the field when the spec read from it is out of range.
    public func validate(file: String) throws {
        if let problem {
            throw SafeTensorsError(file: file, problem: "\(ModelSpec.metadataKey) \(problem)")
        }
    }
}
