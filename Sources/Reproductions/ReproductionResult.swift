import Foundation
import Plotting

/// What a reproduction measured: the table's rows, learning-curve plots and notes
/// (deviations from the paper, skipped parts).
public struct ReproductionResult: Sendable {
    public var rows: [ResultRow] = []
    public var plots: [any Plot] = []
    /// Pictures for the report (PNG files: adversarial examples, reconstructions), with their titles.
    public var images: [(title: String, png: Data)] = []
    public var notes: [String] = []

    public init(rows: [ResultRow] = [], plots: [any Plot] = [], notes: [String] = []) {
        self.rows = rows
        self.plots = plots
        self.notes = notes
    }

    /// Appends another part's rows, plots and notes.
    public mutating func append(_ other: ReproductionResult) {
        rows += other.rows
        plots += other.plots
        images += other.images
        notes += other.notes
    }

    /// One plot of the rows' mean learning curves.
    public static func curves(_ runs: [RowRun], title: String, xLabel: String = "epoch",
                              yLabel: String = "training loss") -> LinePlot {
        var plot = LinePlot(title: title, xLabel: xLabel, yLabel: yLabel)
        for run in runs where !run.curve.isEmpty {
            plot.add(run.row.label, y: run.curve)
        }
        return plot
    }
}

extension ReproductionResult {
    /// The table as aligned plain text.
    public var table: String {
        let header = ["row", "metric", "Quanta", "seeds", "paper", "source", "time"]
        let cells = rows.map { r in
            [r.label, r.metric, r.valueText, "\(r.values.count)", r.reported.text, r.reported.source,
             String(format: "%.0f s", r.seconds)]
        }
        return TextTable(header: header, rows: cells).text
    }

    /// The JSON line of `quanta reproduce --json`.
    public func summary(of reproduction: Reproduction, quick: Bool) -> ReproductionSummary {
        ReproductionSummary(reproduction: reproduction.name, quick: quick,
                            paper: .init(title: reproduction.paper.title, arxiv: reproduction.paper.arxiv), rows: rows)
    }

    /// A markdown report: the paper, the table, the plots (as image links to `plotFiles`) and notes.
    public func markdown(of reproduction: Reproduction, quick: Bool, plotFiles: [String], imageFiles: [String] = []) -> String {
        var lines = ["# \(reproduction.name)", ""]
        lines.append("\(reproduction.paper.citation): *\(reproduction.paper.title)*, "
            + "[arXiv \(reproduction.paper.arxiv)](https://arxiv.org/abs/\(reproduction.paper.arxiv)).")
        lines.append("")
        lines.append(reproduction.summary + "." + (quick ? " Quick form: \(reproduction.quickForm)." : ""))
        lines += ["", "| row | metric | Quanta | seeds | paper | source | time |", "|---|---|---|---|---|---|---|"]
        for r in rows {
            let cells = [r.label, r.metric, r.valueText, "\(r.values.count)", r.reported.text, r.reported.source,
                         String(format: "%.0f s", r.seconds)]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        for (plot, file) in zip(plots, plotFiles) {
            lines += ["", "![\(plot.title)](\(file))"]
        }
        for (image, file) in zip(images, imageFiles) {
            lines += ["", "![\(image.title)](\(file))"]
        }
        if !notes.isEmpty {
            lines += ["", "Notes:", ""] + notes.map { "- " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The object `quanta reproduce NAME --json` prints as its last line.
public struct ReproductionSummary: Sendable, Encodable {
    public struct Paper: Sendable, Encodable {
        public var title: String
        public var arxiv: String
    }
    public var reproduction: String
    public var quick: Bool
    public var paper: Paper
    public var rows: [ResultRow]
}
