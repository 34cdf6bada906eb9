/// One command-line option, declared once: its name, value, help, default and range. Help
/// text, parsing and value checks all come from the declaration.
public struct Option: Sendable {
    /// What the option's value is, with its allowed range.
    public enum Kind: Sendable {
        case flag
        case text
        case int(ClosedRange<Int>)
        case double(ClosedRange<Double>)
        case choice([String])
        /// A 64-bit unsigned seed.
        case seed
    }

    /// Without the dashes.
    public let name: String
    /// The value's placeholder in help ("N", "FILE"); empty for a flag.
    public let valueName: String
    public let help: String
    public let kind: Kind
    /// The value when the option is absent, as text (shown in help); nil: none or computed.
    public let defaultValue: String?
    /// May be given several times (every value is kept).
    public let repeatable: Bool

    public init(_ name: String, _ valueName: String, _ help: String, _ kind: Kind = .text, default value: String? = nil,
                repeatable: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.kind = kind
        self.defaultValue = value
        self.repeatable = repeatable
    }

    /// A boolean flag.
    public static func flag(_ name: String, _ help: String) -> Option { Option(name, "", help, .flag) }

    public var isFlag: Bool {
        if case .flag = kind { return true }
        return false
    }

    /// "--epochs N".
    var synopsis: String { valueName.isEmpty ? "--\(name)" : "--\(name) \(valueName)" }

    /// The help text with the default and the choices.
    var helpText: String {
        var text = help
        if case .choice(let words) = kind, !help.contains("|") { text += ": " + words.joined(separator: "|") }
        if let defaultValue { text += " (default \(defaultValue))" }
        return text
    }
}

/// Options shown under one heading in a command's help.
public struct OptionSection: Sendable {
    public var title: String
    public var options: [Option]
    /// Lines printed under the heading before the options.
    public var note: String

    public init(_ title: String, _ options: [Option], note: String = "") {
        self.title = title
        self.options = options
        self.note = note
    }
}

/// The options several commands share, declared once with one help text each.
public enum CommonOptions {
    public static let threads = Option("threads", "T", "threads for kernels and BLAS", .int(1...256), default: "1")
    public static let dataDir = Option("data-dir", "DIR", "data root holding one folder per data set (also $QUANTA_DATA)")
    public static let seed = Option("seed", "S", "random seed (data order, initialisation, sampling)", .seed, default: "0")
    public static let json = Option.flag("json", "end stdout with one JSON object")

    /// The common section: threads, data root, seed and JSON, as `names` picks them.
    public static func section(_ options: [Option]) -> OptionSection { OptionSection("Common", options) }
}
