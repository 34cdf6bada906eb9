/// A mistake in how the command was called: printed with the command's usage, exit code 64.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

/// Command-line options of one subcommand: `--name value`, `--name=value`, boolean
/// `--flag`, repeatable options, and positional arguments. Every option must be declared by
/// the command (unknown ones are usage errors), and every value is validated when read.
public struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    public private(set) var positionals: [String] = []
    private let valueOptions: Set<String>
    private let flagOptions: Set<String>

    /// Parses `tokens` given the option names that take a value and those that don't (without "--").
    public init(_ tokens: [String], valueOptions: Set<String>, flagOptions: Set<String>) throws {
        self.valueOptions = valueOptions
        self.flagOptions = flagOptions.union(["help"])
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            guard token.hasPrefix("--"), token.count > 2 else {
                if token == "-h" { flags.insert("help"); continue }
                if token.hasPrefix("-") && token.count > 1 && Double(token) == nil {
                    throw UsageError("unknown option '\(token)'")
                }
                positionals.append(token); continue
            }
            var name = String(token.dropFirst(2)), inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...]); name = String(name[..<eq])
            }
            if self.flagOptions.contains(name) {
                guard inline == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inline { values[name, default: []].append(inline); continue }
                guard i < tokens.count else { throw UsageError("option --\(name) needs a value") }
                values[name, default: []].append(tokens[i]); i += 1
            } else {
                throw UsageError("unknown option '--\(name)'")
            }
        }
    }

    /// Whether a boolean flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value of an option, if given.
    public func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// An integer option within `range`.
    public func int(_ name: String, default value: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = string(name) else { return value }
        guard let v = Int(text), range.contains(v) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// A real option within `range`.
    public func double(_ name: String, default value: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let text = string(name) else { return value }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw UsageError("--\(name) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// An option restricted to a set of words.
    public func choice(_ name: String, default value: String, from allowed: [String]) throws -> String {
        guard let text = string(name) else { return value }
        guard allowed.contains(text) else {
            throw UsageError("--\(name) must be one of \(allowed.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// A 64-bit seed.
    public func seed(default value: UInt64 = 0) throws -> UInt64 {
        guard let text = string("seed") else { return value }
        guard let v = UInt64(text) else { throw UsageError("--seed must be a non-negative integer, got '\(text)'") }
        return v
    }
}

/// A failure a command reports in its own words (a file it cannot write, say): exit code 1.
public struct CommandError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
