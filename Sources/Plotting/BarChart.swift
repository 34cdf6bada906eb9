import Foundation

/// A horizontal bar chart written as a standalone SVG document: one row per category, one bar
/// per group in each row (e.g. several importance measures per feature), a value axis with
/// "nice" ticks that always includes 0 (negative values draw left of it), and a legend.
///
///     var chart = BarChart(title: "Q-MEDLEY, iris", valueLabel: "importance", categories: ["sepal length", "petal width"])
///     chart.add("drop-column", values: [0.02, 0.41])
///     try chart.svg.write(to: url, atomically: true, encoding: .utf8)
///
/// Non-finite values draw no bar. The height grows with the rows. Cost: O(bars).
public struct BarChart: Plot {
    public var title: String
    public var valueLabel: String
    /// Row labels, top to bottom.
    public var categories: [String]
    /// Named bar groups, each with one value per category.
    public private(set) var groups: [(name: String, values: [Double])] = []
    public var width = 640.0

    public init(title: String, valueLabel: String, categories: [String]) {
        self.title = title
        self.valueLabel = valueLabel
        self.categories = categories
    }

    /// Adds a group of bars, one value per category.
    public mutating func add(_ name: String, values: [Double]) {
        precondition(values.count == categories.count, "BarChart: \(values.count) values for \(categories.count) categories")
        groups.append((name, values))
    }

    static let barHeight = 12.0
    static let rowGap = 8.0
    static let top = 40.0
    static let bottom = 60.0

    var rowHeight: Double { Double(max(groups.count, 1)) * Self.barHeight + Self.rowGap }
    /// Room for the longest category label (about 6.8 pixels per character at 12 px).
    var plotLeft: Double { 16 + 6.8 * Double(categories.map(\.count).max() ?? 0) }
    var plotRight: Double { width - 20 }
    var plotBottom: Double { Self.top + rowHeight * Double(categories.count) }
    /// The canvas height: the rows plus margins and the legend's lines.
    public var height: Double { plotBottom + Self.bottom + 16 * Double(groups.count) }

    func pixelX(_ v: Double, _ axis: Axis) -> Double {
        plotLeft + (v - axis.low) / (axis.high - axis.low) * (plotRight - plotLeft)
    }

    /// The SVG document.
    public var svg: String {
        let values = groups.flatMap(\.values).filter(\.isFinite) + [0]
        let axis = Axis(values: values)
        var parts = [header(), text(title, x: width / 2, y: 24, anchor: "middle", extra: " font-size=\"15\"")]
        parts += ticks(axis)
        parts += bars(axis)
        parts += labels()
        parts += legend()
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    func header() -> String {
        let size = "width=\"\(LinePlot.number(width))\" height=\"\(LinePlot.number(height))\""
        let box = "viewBox=\"0 0 \(LinePlot.number(width)) \(LinePlot.number(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) \(box) font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    }

    /// Vertical grid lines at the ticks, the zero line darker, tick labels and the axis label.
    func ticks(_ axis: Axis) -> [String] {
        var lines = axis.ticks.map { t in
            let x = LinePlot.number(pixelX(t, axis))
            let colour = t == 0 ? "black" : "#ddd"
            let line = "<line x1=\"\(x)\" y1=\"\(LinePlot.number(Self.top))\" x2=\"\(x)\" y2=\"\(LinePlot.number(plotBottom))\" stroke=\"\(colour)\"/>"
            return line + "\n" + text(axis.label(t), x: pixelX(t, axis), y: plotBottom + 16, anchor: "middle")
        }
        lines.append(text(valueLabel, x: (plotLeft + plotRight) / 2, y: plotBottom + 36, anchor: "middle"))
        return lines
    }

    func bars(_ axis: Axis) -> [String] {
        var out = [String]()
        let zero = pixelX(0, axis)
        for (g, group) in groups.enumerated() {
            let colour = LinePlot.palette[g % LinePlot.palette.count]
            for (row, value) in group.values.enumerated() where value.isFinite {
                let y = Self.top + Self.rowGap / 2 + rowHeight * Double(row) + Self.barHeight * Double(g)
                let end = pixelX(value, axis)
                let rect = "<rect x=\"\(LinePlot.number(min(zero, end)))\" y=\"\(LinePlot.number(y))\" "
                    + "width=\"\(LinePlot.number(abs(end - zero)))\" height=\"\(LinePlot.number(Self.barHeight - 1))\" fill=\"\(colour)\">"
                out.append(rect + "<title>\(LinePlot.escaped(group.name)): \(String(format: "%.4g", value))</title></rect>")
            }
        }
        return out
    }

    func labels() -> [String] {
        categories.enumerated().map { row, name in
            let y = Self.top + rowHeight * (Double(row) + 0.5) + 4
            return text(name, x: plotLeft - 6, y: y, anchor: "end")
        }
    }

    func legend() -> [String] {
        groups.enumerated().map { g, group in
            let y = plotBottom + 56 + 16 * Double(g)
            let colour = LinePlot.palette[g % LinePlot.palette.count]
            let mark = "<rect x=\"\(LinePlot.number(plotLeft))\" y=\"\(LinePlot.number(y - 10))\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>"
            return mark + "\n" + text(group.name, x: plotLeft + 20, y: y, anchor: "start")
        }
    }

    func text(_ content: String, x: Double, y: Double, anchor: String, extra: String = "") -> String {
        "<text x=\"\(LinePlot.number(x))\" y=\"\(LinePlot.number(y))\" text-anchor=\"\(anchor)\"\(extra)>\(LinePlot.escaped(content))</text>"
    }
}
