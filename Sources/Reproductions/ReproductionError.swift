/// What a reproduction or a paper model cannot do as asked.
public enum ReproductionError: Error, CustomStringConvertible, Equatable {
    /// A setting out of range or not for this model (the CLI reports it as a usage error).
    case invalidSetting(String)
    /// A stored configuration that cannot be read (a damaged checkpoint, say).
    case unreadableConfiguration(String)

    public var description: String {
        switch self {
        case .invalidSetting(let message): message
        case .unreadableConfiguration(let message): message
        }
    }
}
