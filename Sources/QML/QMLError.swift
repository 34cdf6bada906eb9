/// Errors of the QML module: a layer or model asked for something it cannot do (sizes,
/// wires, data shapes), in words.
public enum QMLError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): m
        }
    }
}
