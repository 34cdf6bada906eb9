import Foundation

/// A paper's classifier that `quanta train --model NAME` trains and `quanta eval` rebuilds
/// from a checkpoint (the configuration is stored as "quanta.recipe"). Each paper file defines
/// one as a static member; `Reproductions.models` lists them.
public struct PaperModel: Sendable {
    /// The metadata key of the stored configuration.
    public static let metadataKey = ModelSpec.recipeKey

    public let name: String
    /// One line for `quanta train --help`.
    public let summary: String
    /// Data sets it runs on; the first is the default.
    public let datasets: [String]
    /// The settings it takes from the command line: the shared ones, then its own.
    public let options: [ConfigOption]
    let makeDefaults: @Sendable (String?) throws -> any ClassifierExperiment
    let decodeStored: @Sendable (Data) throws -> any ClassifierExperiment

    public init<C: ClassifierExperiment>(_ type: C.Type, name: String, summary: String, datasets: [String],
                                         options: [ConfigOption], defaults: @escaping @Sendable (String?) throws -> C) {
        self.name = name
        self.summary = summary
        self.datasets = datasets
        self.options = ClassifierSettings.options + options
        makeDefaults = { try defaults($0) }
        decodeStored = { try JSONDecoder().decode(C.self, from: $0) }
    }

    /// The paper's settings on `dataset` (nil: the first of `datasets`), then `overrides`.
    public func configure(dataset: String?, overrides: ConfigOverrides = ConfigOverrides()) throws -> any ClassifierExperiment {
        var experiment = try makeDefaults(dataset)
        try experiment.apply(overrides)
        return experiment
    }

    /// The configuration stored in a checkpoint's metadata (written by `quanta train`).
    public static func stored(in metadata: [String: String]) throws -> any ClassifierExperiment {
        guard let json = metadata[metadataKey] else {
            throw ReproductionError.unreadableConfiguration("no \(metadataKey) metadata: not a paper model checkpoint")
        }
        struct Header: Decodable { var model: String }
        let data = Data(json.utf8)
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw ReproductionError.unreadableConfiguration("unreadable \(metadataKey) metadata")
        }
        guard let entry = Reproductions.model(named: header.model) else {
            throw ReproductionError.unreadableConfiguration("\(metadataKey) names an unknown model '\(header.model)'")
        }
        let experiment: any ClassifierExperiment
        do { experiment = try entry.decodeStored(data) } catch {
            throw ReproductionError.unreadableConfiguration("unreadable \(metadataKey) metadata for \(header.model): \(error)")
        }
        try validate(experiment)
        return experiment
    }

    /// A stored recipe passes the command line's range checks (its own settings re-applied)
    /// and the shared settings' checks, or throws naming the field.
    static func validate(_ experiment: any ClassifierExperiment) throws {
        if let problem = experiment.settings.problem(regression: experiment.isRegression) {
            throw ReproductionError.unreadableConfiguration("\(metadataKey) \(problem)")
        }
        var probe = experiment
        do { try probe.apply(.currentValues) } catch {
            throw ReproductionError.unreadableConfiguration("\(metadataKey) \(error)")
        }
    }
}
