import Foundation
import Testing
@testable import Plotting

/// The SVG bar chart: one bar per finite value, zero inside the axis, bars left of zero for
/// negative values, a legend line per group, escaping, and the height growing with the rows.
@Suite struct BarChartTests {
    @Test func barsSitOnBothSidesOfZero() {
        var chart = BarChart(title: "Importance <a & b>", valueLabel: "drop", categories: ["x0", "x1", "x2"])
        chart.add("drop-column", values: [0.5, -0.1, .nan])
        chart.add("permutation", values: [0.25, 0, 0.05])
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<title>").count - 1 == 5)   // the NaN draws nothing
        #expect(svg.contains("Importance &lt;a &amp; b&gt;") && svg.contains(">permutation</text>"))
        let axis = Axis(values: [0.5, -0.1, 0.25, 0, 0.05, 0])
        let zero = chart.pixelX(0, axis)
        #expect(zero > chart.plotLeft && zero < chart.plotRight)
        // the negative bar starts left of zero and ends on it
        let width = chart.pixelX(0, axis) - chart.pixelX(-0.1, axis)
        #expect(svg.contains("x=\"\(LinePlot.number(chart.pixelX(-0.1, axis)))\"") && svg.contains("width=\"\(LinePlot.number(width))\""))
    }

    @Test func heightGrowsWithRowsAndGroups() {
        var small = BarChart(title: "t", valueLabel: "v", categories: ["a"])
        small.add("g", values: [1])
        var large = BarChart(title: "t", valueLabel: "v", categories: ["a", "b", "c", "d"])
        large.add("g", values: [1, 2, 3, 4])
        large.add("h", values: [1, 2, 3, 4])
        #expect(large.height > small.height + 3 * small.rowHeight)
        #expect(large.svg.contains("height=\"\(LinePlot.number(large.height))\""))
    }
}
