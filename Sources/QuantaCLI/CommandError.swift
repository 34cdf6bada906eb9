/// A failure a command reports in its own words (a file it cannot write, say): exit code 1.
public struct CommandError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
