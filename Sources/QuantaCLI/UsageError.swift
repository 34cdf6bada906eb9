/// A mistake in how the command was called: printed with the command's usage line, exit code 64.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
