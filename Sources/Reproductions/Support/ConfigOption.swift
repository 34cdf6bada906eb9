/// A setting a paper model takes from the command line (`quanta train --model NAME --layers 4`):
/// its name without dashes, the value's name and one line of help.
public struct ConfigOption: Sendable, Equatable {
    public var name: String
    public var valueName: String
    public var help: String

    public init(_ name: String, _ valueName: String, _ help: String) {
        self.name = name
        self.valueName = valueName
        self.help = help
    }
}

/// Values given for a paper model's settings, by option name, read with range checks.
/// A bad value throws `ReproductionError.invalidSetting` naming the option.
public struct ConfigOverrides: Sendable {
    public var values: [String: String]
    /// When set, every setting's current value is checked as if it had been given: a
    /// configuration read from a file passes the same range checks as the command line.
    public var checksCurrentValues = false

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// Overrides that check a configuration's own values (see `checksCurrentValues`).
    public static var currentValues: ConfigOverrides {
        var o = ConfigOverrides()
        o.checksCurrentValues = true
        return o
    }

    /// Whether `name` was given.
    public func has(_ name: String) -> Bool { values[name] != nil }

    /// The text of `name`: given, or the current value when checking current values.
    func text(_ name: String, _ current: @autoclosure () -> String) -> String? {
        values[name] ?? (checksCurrentValues ? current() : nil)
    }

    /// An integer in `range`, or `current` when not given.
    public func int(_ name: String, _ current: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = text(name, String(current)) else { return current }
        guard let v = Int(text), range.contains(v) else {
            throw ReproductionError.invalidSetting("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// A real number in `range`, or `current` when not given.
    public func double(_ name: String, _ current: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = text(name, "\(current)") else { return current }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw ReproductionError.invalidSetting("--\(name) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// One of a `RawRepresentable` enumeration's values, or `current` when not given.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ current: T) throws -> T where T.RawValue == String {
        guard let text = text(name, current.rawValue) else { return current }
        guard let v = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ReproductionError.invalidSetting("--\(name) must be one of \(known), got '\(text)'")
        }
        return v
    }

    /// An adversarial-training attack specification (`AdversarialTraining.attack`), checked.
    public func adversarial(_ name: String) throws -> String? {
        guard let text = values[name] else { return nil }
        do { _ = try AdversarialTraining.attack(text) } catch {
            throw ReproductionError.invalidSetting("--\(name): \(error)")
        }
        return text
    }
}
