/// A model or data set that does not fit what was asked (an unknown model name, images a model
/// cannot take, a data set of another task). The CLI reports it as a usage error (exit 64).
public struct ModelZooError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
