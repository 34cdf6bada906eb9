/// A paper's classifier configuration made of the shared `settings` and the paper's own fields
/// (`Own`, a plain `Codable` struct), stored as one flat JSON object — the shape the recipes of
/// earlier versions have, so their checkpoints still decode. The own fields read as the
/// configuration's: `config.layers` is `config.own.layers`.
@dynamicMemberLookup
public protocol PaperConfiguration: ClassifierExperiment {
    associatedtype Own: Codable, Equatable, Sendable
    var own: Own { get set }
    init(settings: ClassifierSettings, own: Own)
}

extension PaperConfiguration {
    public subscript<T>(dynamicMember path: WritableKeyPath<Own, T>) -> T {
        get { own[keyPath: path] }
        set { own[keyPath: path] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        self.init(settings: try ClassifierSettings(from: decoder), own: try Own(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try settings.encode(to: encoder)
        try own.encode(to: encoder)
    }
}

/// The own fields of a paper whose configuration has none beyond the shared settings.
public struct NoOwnSettings: Codable, Equatable, Sendable {
    public init() {}
}
