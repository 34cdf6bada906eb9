/// One `quanta` subcommand. It declares its options once; `help` is generated from them.
public protocol Command {
    /// The word after `quanta`.
    var name: String { get }
    /// One line for the command list.
    var summary: String { get }
    /// Usage lines without "quanta " (the first is printed with usage errors).
    var usage: [String] { get }
    /// Paragraphs between the usage and the options ("" for none).
    var discussion: String { get }
    /// The options, by heading.
    var sections: [OptionSection] { get }
    /// Text after the options: conventions, examples ("" for none).
    var epilogue: String { get }
    /// Runs with the parsed arguments; returns the exit code.
    func run(_ args: Arguments, io: Console) throws -> Int32
}

extension Command {
    public var discussion: String { "" }
    public var epilogue: String { "" }

    /// Every declared option.
    public var options: [Option] { sections.flatMap(\.options) }

    /// The full `--help` text.
    public var help: String {
        var lines = ["Usage: quanta " + usage[0]] + usage.dropFirst().map { "       quanta " + $0 }
        if !discussion.isEmpty { lines += ["", discussion] }
        let width = Swift.min(28, (options.map(\.synopsis.count).max() ?? 0) + 2)
        for section in sections where !section.options.isEmpty || !section.note.isEmpty {
            lines += ["", section.title + ":"]
            if !section.note.isEmpty { lines += section.note.split(separator: "\n").map { "  " + $0 } }
            lines += section.options.map { Self.line($0, width: width) }
        }
        if !epilogue.isEmpty { lines += ["", epilogue] }
        return lines.joined(separator: "\n")
    }

    /// "  --epochs N        epochs (default 10)": the help in a column from `width` + 2, wrapped at
    /// 100 characters, starting on the next line after a long synopsis.
    static func line(_ option: Option, width: Int) -> String {
        let synopsis = "  " + option.synopsis
        let indent = String(repeating: " ", count: width + 2)
        let lines = wrap(option.helpText, width: 100 - indent.count)
        let first = synopsis.count < width + 2 ? synopsis.padding(toLength: width + 2, withPad: " ", startingAt: 0) + lines[0]
                                               : synopsis + "\n" + indent + lines[0]
        return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        return lines + [current]
    }

    /// The short message a usage error prints: the error, the first usage line and where help is.
    func usageError(_ message: String) -> String {
        "error: \(message)\nUsage: quanta \(usage[0])\nSee 'quanta \(name) --help'."
    }
}
