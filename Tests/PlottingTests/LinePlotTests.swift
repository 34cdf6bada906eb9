import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plotting

/// The SVG line plot: nice axis ticks, coordinates, legend, escaping and breaks at non-finite points.
@Suite struct LinePlotTests {
    @Test func niceTicksCoverTheData() {
        let a = Axis(values: [0.13, 0.94])
        #expect(a.step == 0.2 && a.low == 0 && a.high == 1)
        #expect(a.ticks.count == 6 && a.label(0.4) == "0.4")
        let b = Axis(values: [1, 500])
        #expect(b.step == 100 && b.low == 0 && b.high == 500 && b.label(300) == "300")
        let flat = Axis(values: [2, 2])
        #expect(flat.low < 2 && flat.high > 2)
        let negative = Axis(values: [-3, 7])
        #expect(negative.low <= -3 && negative.high >= 7 && negative.ticks.contains(0))
        #expect(Axis.niceStep(0.031) == 0.05 && Axis.niceStep(7) == 10 && Axis.niceStep(1) == 1)
    }

    @Test func svgHasAxesSeriesAndLegend() throws {
        var plot = LinePlot(title: "Loss <&> \"curves\"", xLabel: "epoch", yLabel: "loss")
        plot.add("seed 0", y: [2, 1, 0.5])
        plot.add("seed 1", x: [1, 2, 3], y: [1.5, .nan, 0.25])
        let svg = plot.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("Loss &lt;&amp;&gt; &quot;curves&quot;"))
        #expect(svg.contains(">seed 0</text>") && svg.contains(">seed 1</text>") && svg.contains(">epoch</text>"))
        // x from 1 to 3 spans the plot area 70…620; y from 0 to 2 spans 340…40.
        #expect(svg.contains("points=\"70,40 345,190 620,265\""))
        // The NaN breaks the second series into two pieces.
        let second = try #require(svg.components(separatedBy: "<title>seed 1</title>").last)
        #expect(second.components(separatedBy: "<polyline").count - 1 == 2)
        // Parses as XML.
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }
}
