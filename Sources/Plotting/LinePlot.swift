import Foundation

/// A line plot written as a standalone SVG document: axes with "nice" ticks, tick labels,
/// axis labels, a title and a legend, one polyline per series.
///
///     var plot = LinePlot(title: "HamEmb on digits", xLabel: "epoch", yLabel: "training loss")
///     plot.add("seed 0", x: [1, 2, 3], y: [2.1, 1.9, 1.8])
///     try plot.svg.write(to: url, atomically: true, encoding: .utf8)
///
/// Non-finite points are skipped (a series may break). Cost: O(points).
public struct LinePlot: Sendable {
    /// One named line.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double], y: [Double]) {
            precondition(x.count == y.count, "LinePlot.Series: \(x.count) x values for \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    /// Canvas size in pixels.
    public var width = 640.0
    public var height = 400.0

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a series; `x` defaults to 1, 2, … (epochs).
    public mutating func add(_ name: String, x: [Double]? = nil, y: [Double]) {
        series.append(Series(name: name, x: x ?? y.indices.map { Double($0 + 1) }, y: y))
    }

    /// Colours cycled over the series (colour-blind-safe palette).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    /// Margins around the plotting area: left, right, top, bottom.
    static let margin = (left: 70.0, right: 20.0, top: 40.0, bottom: 60.0)

    /// The SVG document.
    public var svg: String {
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap(\.y).filter(\.isFinite)
        let xAxis = Axis(values: xs)
        let yAxis = Axis(values: ys)
        var parts = [header(), frame(), titleText()]
        parts += xTicks(xAxis) + yTicks(yAxis)
        parts += series.enumerated().map { i, s in polyline(s, colour: Self.palette[i % Self.palette.count], xAxis, yAxis) }
        parts += legend()
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    var plotLeft: Double { Self.margin.left }
    var plotRight: Double { width - Self.margin.right }
    var plotTop: Double { Self.margin.top }
    var plotBottom: Double { height - Self.margin.bottom }

    func pixelX(_ x: Double, _ axis: Axis) -> Double {
        plotLeft + (x - axis.low) / (axis.high - axis.low) * (plotRight - plotLeft)
    }

    func pixelY(_ y: Double, _ axis: Axis) -> Double {
        plotBottom - (y - axis.low) / (axis.high - axis.low) * (plotBottom - plotTop)
    }

    func header() -> String {
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        let box = "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) \(box) font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    }

    func frame() -> String {
        let w = plotRight - plotLeft
        let h = plotBottom - plotTop
        return "<rect x=\"\(Self.number(plotLeft))\" y=\"\(Self.number(plotTop))\" width=\"\(Self.number(w))\" "
            + "height=\"\(Self.number(h))\" fill=\"none\" stroke=\"black\"/>"
    }

    func titleText() -> String {
        var lines = [text(title, x: width / 2, y: 24, anchor: "middle", extra: " font-size=\"15\"")]
        lines.append(text(xLabel, x: (plotLeft + plotRight) / 2, y: height - 16, anchor: "middle"))
        let middle = (plotTop + plotBottom) / 2
        let rotate = " transform=\"rotate(-90 18 \(Self.number(middle)))\""
        lines.append(text(yLabel, x: 18, y: middle, anchor: "middle", extra: rotate))
        return lines.joined(separator: "\n")
    }

    func xTicks(_ axis: Axis) -> [String] {
        axis.ticks.map { t in
            let x = Self.number(pixelX(t, axis))
            let tick = "<line x1=\"\(x)\" y1=\"\(Self.number(plotBottom))\" x2=\"\(x)\" "
                + "y2=\"\(Self.number(plotBottom + 5))\" stroke=\"black\"/>"
            return tick + "\n" + text(axis.label(t), x: pixelX(t, axis), y: plotBottom + 19, anchor: "middle")
        }
    }

    func yTicks(_ axis: Axis) -> [String] {
        axis.ticks.map { t in
            let y = Self.number(pixelY(t, axis))
            let tick = "<line x1=\"\(Self.number(plotLeft - 5))\" y1=\"\(y)\" x2=\"\(Self.number(plotLeft))\" "
                + "y2=\"\(y)\" stroke=\"black\"/>"
            return tick + "\n" + text(axis.label(t), x: plotLeft - 8, y: pixelY(t, axis) + 4, anchor: "end")
        }
    }

    func polyline(_ s: Series, colour: String, _ xAxis: Axis, _ yAxis: Axis) -> String {
        var runs: [[String]] = [[]]
        for (x, y) in zip(s.x, s.y) {
            guard x.isFinite && y.isFinite else {
                runs.append([])
                continue
            }
            runs[runs.count - 1].append("\(Self.number(pixelX(x, xAxis))),\(Self.number(pixelY(y, yAxis)))")
        }
        let lines = runs.filter { !$0.isEmpty }.map { points in
            "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return "<g><title>\(Self.escaped(s.name))</title>\n" + lines.joined(separator: "\n") + "\n</g>"
    }

    /// The legend in the top right corner on a white box sized to the longest name
    /// (about 6.8 pixels per character at 12 px).
    func legend() -> [String] {
        guard !series.isEmpty else { return [] }
        let longest = Double(series.map(\.name.count).max() ?? 0)
        let width = 34 + 6.8 * longest
        let x = plotRight - width - 6
        let box = "<rect x=\"\(Self.number(x - 6))\" y=\"\(Self.number(plotTop + 4))\" width=\"\(Self.number(width + 6))\" "
            + "height=\"\(Self.number(16 * Double(series.count) + 6))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999\"/>"
        return [box] + series.enumerated().map { i, s in
            let y = plotTop + 18 + 16 * Double(i)
            let colour = Self.palette[i % Self.palette.count]
            let mark = "<line x1=\"\(Self.number(x))\" y1=\"\(Self.number(y - 4))\" x2=\"\(Self.number(x + 18))\" "
                + "y2=\"\(Self.number(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            return mark + "\n" + text(s.name, x: x + 24, y: y, anchor: "start")
        }
    }

    func text(_ content: String, x: Double, y: Double, anchor: String, extra: String = "") -> String {
        "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\"\(extra)>\(Self.escaped(content))</text>"
    }

    /// A coordinate with at most two decimals.
    static func number(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// XML text escaping.
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
