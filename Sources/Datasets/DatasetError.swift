import Foundation

/// Everything a user can get wrong about data: missing or malformed files, bad sizes,
/// failed downloads. Each message says what went wrong and where (file, byte offset or
/// line), so the CLI can print it as is.
public enum DatasetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The registry has no data set of this name.
    case unknownDataset(name: String, known: [String])
    /// A data set's files were found in none of the places searched.
    case notFound(name: String, searched: [String], howToGet: [String])
    /// A file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A binary file is malformed at a byte offset (IDX, gzip).
    case malformed(file: String, offset: Int, problem: String)
    /// A text file is malformed at a line (1-based) and, where known, a column (1-based).
    case malformedText(file: String, line: Int, column: Int?, problem: String)
    /// Sizes in a header do not fit the file, or would not fit in memory.
    case absurdSize(file: String, problem: String)
    /// Decompression failed.
    case decompression(file: String, problem: String)
    /// A download failed (HTTP status, network error, I/O).
    case downloadFailed(url: String, reason: String)
    /// A downloaded file's SHA-256 matched none of the expected digests.
    case checksumMismatch(file: String, expected: [String], actual: String)
    /// A transform was asked for something the data cannot give (for example more
    /// samples per class than exist).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownDataset(name, known):
            return "unknown data set '\(name)'; known data sets: \(known.joined(separator: ", "))"
        case let .notFound(name, searched, howToGet):
            var text = "data set '\(name)' not found. Looked in:\n"
            text += searched.map { "  - \($0)" }.joined(separator: "\n")
            if !howToGet.isEmpty {
                text += "\nTo get it:\n" + howToGet.map { "  - \($0)" }.joined(separator: "\n")
            }
            return text
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .malformed(file, offset, problem):
            return "\(file): at byte \(offset): \(problem)"
        case let .malformedText(file, line, column, problem):
            let place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
            return "\(file): \(place): \(problem)"
        case let .absurdSize(file, problem):
            return "\(file): \(problem)"
        case let .decompression(file, problem):
            return "\(file): gzip: \(problem)"
        case let .downloadFailed(url, reason):
            return "download of \(url) failed: \(reason)"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 \(actual) matches none of the expected \(expected.joined(separator: " or ")); the file was not kept"
        case let .invalidArgument(message):
            return message
        }
    }

    public var errorDescription: String? { description }
}
