/// Data a training run cannot use (no samples).
public struct TrainingDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
