import Foundation

/// One axis of a plot: a range widened to "nice" tick positions (1, 2 or 5 × 10ᵏ apart,
/// Heckbert's rule) that covers every value, about `targetTicks` ticks.
struct Axis: Equatable {
    /// Lower and upper end of the axis (both are ticks).
    var low: Double
    var high: Double
    /// Distance between ticks.
    var step: Double

    init(values: [Double], targetTicks: Int = 6) {
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        if lo == hi {
            // a flat series still gets an axis around its value
            lo -= Swift.max(abs(lo) * 0.1, 0.5)
            hi += Swift.max(abs(hi) * 0.1, 0.5)
        }
        step = Self.niceStep((hi - lo) / Double(Swift.max(targetTicks - 1, 1)))
        low = (lo / step).rounded(.down) * step
        high = (hi / step).rounded(.up) * step
    }

    /// The tick positions from `low` to `high`.
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded())
        return (0...count).map { low + Double($0) * step }
    }

    /// A tick label with as many decimals as the step needs.
    func label(_ value: Double) -> String {
        let decimals = Swift.max(0, Int((-log10(step)).rounded(.up)))
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" ? "0" : text
    }

    /// The nice number (1, 2, 5 or 10 × 10ᵏ) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let exponent = (log10(raw)).rounded(.down)
        let magnitude = pow(10, exponent)
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }
}
