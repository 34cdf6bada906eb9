/// A problem in OpenQASM text: what went wrong, the construct involved, and where
/// (1-based line and column, counted in Unicode characters).
///
/// The CLI prints it as `FILE:LINE:COL: error: MESSAGE`.
public struct QASMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// The construct involved (a keyword, gate name, token or "expression").
    public var construct: String
    /// What is wrong, in words.
    public var message: String

    /// An error at `line:column`.
    public init(line: Int, column: Int, construct: String, message: String) {
        self.line = line
        self.column = column
        self.construct = construct
        self.message = message
    }

    /// `LINE:COL: error: MESSAGE`.
    public var description: String { "\(line):\(column): error: \(message)" }

    /// `FILE:LINE:COL: error: MESSAGE`, as compilers print it.
    public func formatted(file: String) -> String { "\(file):\(line):\(column): error: \(message)" }
}

/// A 1-based source position.
public struct QASMLocation: Hashable, Sendable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// A position.
    public init(line: Int, column: Int) { self.line = line; self.column = column }

    func error(_ construct: String, _ message: String) -> QASMError {
        QASMError(line: line, column: column, construct: construct.isEmpty ? "end of file" : construct, message: message)
    }
}
