import Foundation

/// Where a command writes: stdout for results, stderr for progress and errors.
public struct Console {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Writes to stdout without a newline (large results written in pieces).
    public var outPart: (String) -> Void = {
        fputs($0, stdout)
        fflush(stdout)
    }
    /// Writes to stderr without a newline (progress bars).
    public var errInline: (String) -> Void = { FileHandle.standardError.write($0.data(using: .utf8)!) }
    /// Whether stdout is a terminal (progress bars) or a pipe/file (plain periodic lines).
    public var isTerminal: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, isTerminal: Bool) {
        self.out = out
        self.err = err
        self.isTerminal = isTerminal
    }

    public static let standard = Console(
        out: { print($0); fflush(stdout) },
        err: { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) },
        isTerminal: isatty(1) != 0 && isatty(2) != 0)
}
