import Foundation

/// A paper's classifier as `quanta train --model NAME` and `quanta eval` use it: a `Codable`
/// configuration with the paper's defaults that builds the model, prepares the data and names
/// the loss. Its JSON is stored in checkpoints ("quanta.recipe"), flat: the shared
/// `settings` fields beside the paper's own.
public protocol ClassifierExperiment: Codable, Sendable {
    /// Data selection, sizes and the training recipe.
    var settings: ClassifierSettings { get set }
    /// The model with its initialisation drawn from `seed`.
    func makeModel(seed: UInt64) throws -> Sequential<Float>
    /// Train and test parts, chosen with `seed`, as the model takes them.
    func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData)
    /// What training minimises.
    var loss: Loss<Float> { get }
    /// Applies command-line settings (the shared ones and the paper's own).
    mutating func apply(_ overrides: ConfigOverrides) throws
    /// Sizes for the log, e.g. "3 qubits, 15 layers".
    var shapeText: String { get }
}

extension ClassifierExperiment {
    /// The configuration as stored in a checkpoint.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// True for a model fitted to real-valued targets (its loss computes targets, e.g. mean
    /// squared error): its data carry targets, its score is the test mean squared error.
    public var isRegression: Bool { loss.isRegression }

    /// "hamemb (3 qubits, 15 layers) on digits classes 0-7"; a regression: "… on j0".
    public var description: String {
        let task = isRegression ? "" : " classes \(Self.classText(settings.classes))"
        return "\(settings.model) (\(shapeText)) on \(settings.dataset)\(task)"
    }

    /// "0-7" for a run of classes from 0, else "0/1".
    static func classText(_ classes: [Int]) -> String {
        if classes == Array(0..<classes.count) && classes.count > 2 { return "0-\(classes.count - 1)" }
        return classes.map(String.init).joined(separator: "/")
    }
}
