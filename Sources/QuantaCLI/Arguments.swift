import Foundation

/// The parsed command line of one subcommand, checked against the command's declared options:
/// `--name value`, `--name=value`, flags, repeatable options and positionals. An undeclared
/// option is a usage error with a suggestion; values are checked against their declared kind
/// and range when read.
public struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    public private(set) var positionals: [String] = []
    private let declared: [String: Option]

    /// Parses `tokens` against `options` (`--help`/`-h` is always accepted).
    public init(_ tokens: [String], options: [Option]) throws {
        declared = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            if token == "-h" || token == "--help" {
                flags.insert("help")
                continue
            }
            guard token.hasPrefix("--"), token.count > 2 else {
                if token.hasPrefix("-") && token.count > 1 && Double(token) == nil {
                    throw UsageError("unknown option '\(token)'")
                }
                positionals.append(token)
                continue
            }
            var name = String(token.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = declared[name] else {
                throw UsageError("unknown option '--\(name)'" + Suggestion.text(for: name, among: Array(declared.keys), prefix: "--"))
            }
            if option.isFlag {
                guard inline == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard i < tokens.count else { throw UsageError("option --\(name) needs a value (\(option.valueName))") }
                value = tokens[i]
                i += 1
            }
            values[name, default: []].append(value)
        }
    }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Whether an option was given.
    public func given(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// The options given, by name (last value of each).
    public var givenNames: [String] { Array(values.keys) + Array(flags.subtracting(["help"])) }

    /// The last value of an option, if given.
    public func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// A path option as a file URL.
    public func url(_ name: String) -> URL? { string(name).map { URL(fileURLWithPath: $0) } }

    /// The option's declaration (a programmer error if it was not declared).
    func option(_ name: String) -> Option {
        guard let option = declared[name] else { preconditionFailure("option --\(name) is not declared by this command") }
        return option
    }

    /// The given text, else `fallback`, else the declared default.
    func text(_ name: String, _ fallback: String?) -> String? {
        string(name) ?? fallback ?? option(name).defaultValue
    }

    /// An integer option in its declared range; `default` replaces the declared default.
    public func int(_ name: String, default value: Int? = nil) throws -> Int {
        guard case .int(let range) = option(name).kind else { preconditionFailure("--\(name) is not an integer option") }
        guard let text = text(name, value.map(String.init)) else { preconditionFailure("--\(name) has no default") }
        guard let v = Int(text), range.contains(v) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// An integer option if given.
    public func intIfGiven(_ name: String) throws -> Int? { given(name) ? try int(name) : nil }

    /// A real option in its declared range; `default` replaces the declared default.
    public func double(_ name: String, default value: Double? = nil) throws -> Double {
        guard case .double(let range) = option(name).kind else { preconditionFailure("--\(name) is not a real option") }
        guard let text = text(name, value.map { "\($0)" }) else { preconditionFailure("--\(name) has no default") }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw UsageError("--\(name) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// A real option if given.
    public func doubleIfGiven(_ name: String) throws -> Double? { given(name) ? try double(name) : nil }

    /// A word from the declared choices; `default` replaces the declared default.
    public func choice(_ name: String, default value: String? = nil) throws -> String {
        guard case .choice(let words) = option(name).kind else { preconditionFailure("--\(name) is not a choice option") }
        guard let text = text(name, value) else { preconditionFailure("--\(name) has no default") }
        guard words.contains(text) else {
            throw UsageError("--\(name) must be one of \(words.joined(separator: ", ")), got '\(text)'"
                + Suggestion.text(for: text, among: words))
        }
        return text
    }

    /// The seed option (declared as `CommonOptions.seed`).
    public func seed() throws -> UInt64 {
        guard let text = text("seed", nil) else { return 0 }
        guard let v = UInt64(text) else { throw UsageError("--seed must be a non-negative integer, got '\(text)'") }
        return v
    }

    /// Throws unless there are exactly `count` positionals (`names` for the message).
    public func expectPositionals(_ names: [String]) throws {
        if positionals.count > names.count {
            throw UsageError("unexpected argument '\(positionals[names.count])'")
        }
        if positionals.count < names.count {
            throw UsageError("missing \(names[positionals.count])")
        }
    }
}
