import Foundation

/// One line of a reproduction's table: Quanta's number (mean over seeds) beside the paper's.
///
/// Encoded (with snake_case keys) as `{"label", "metric", "value", "std", "seeds", "paper",
/// "paper_value", "unit", "higher_is_better", "seconds"}`; `std` and `paper_value` are null
/// where there is none (one seed; a paper claim without a single number).
public struct ResultRow: Sendable, Equatable, Encodable {
    /// What was run, e.g. "hamemb 3q×15, digits 0-7".
    public var label: String
    /// What is measured, e.g. "test accuracy".
    public var metric: String
    /// The value of each seed, in `unit`.
    public var values: [Double]
    /// "%", "×", "ms", … ("" for a plain number).
    public var unit: String
    public var higherIsBetter: Bool
    /// The paper's number and its source.
    public var reported: Reported
    /// Wall time of all seeds.
    public var seconds: Double

    public init(label: String, metric: String, values: [Double], unit: String, higherIsBetter: Bool,
                reported: Reported, seconds: Double) {
        self.label = label
        self.metric = metric
        self.values = values
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.reported = reported
        self.seconds = seconds
    }

    /// Mean over seeds.
    public var value: Double { values.reduce(0.0) { $0 + $1 } / Double(Swift.max(values.count, 1)) }

    /// Sample standard deviation over seeds (nil for one seed).
    public var std: Double? {
        guard values.count > 1 else { return nil }
        let m = value
        let squares = values.map { ($0 - m) * ($0 - m) }.reduce(0.0) { $0 + $1 }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// "94.8 ± 2.2 %" or "98.10 %"; smaller values keep more decimals: under 0.1 in magnitude
    /// four ("0.0123 ± 0.0051"), under 1 three ("0.183 ± 0.018"), under 10 two ("1.34 ± 0.12");
    /// under 0.001 in exponent form ("1.65e-05 ± 6.2e-06").
    public var valueText: String {
        let unitText = unit.isEmpty ? "" : " " + unit
        let magnitude = Swift.abs(value)
        if value != 0 && magnitude < 1e-3 {
            return (std.map { String(format: "%.2e ± %.1e", value, $0) } ?? String(format: "%.2e", value)) + unitText
        }
        let decimals = value == 0 ? 2 : magnitude < 0.1 ? 4 : magnitude < 1 ? 3 : magnitude < 10 || std == nil ? 2 : 1
        guard let std else { return String(format: "%.\(decimals)f", value) + unitText }
        return String(format: "%.\(decimals)f ± %.\(decimals)f", value, std) + unitText
    }

    enum CodingKeys: String, CodingKey {
        case label, metric, value, std, seeds, paper, paperValue, unit, higherIsBetter, seconds
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(metric, forKey: .metric)
        try c.encode(value, forKey: .value)
        try c.encode(std, forKey: .std)
        try c.encode(values.count, forKey: .seeds)
        try c.encode(reported.text, forKey: .paper)
        try c.encode(reported.value, forKey: .paperValue)
        try c.encode(unit, forKey: .unit)
        try c.encode(higherIsBetter, forKey: .higherIsBetter)
        try c.encode(seconds, forKey: .seconds)
    }
}
