import Foundation
import Testing
@testable import Reproductions

/// The registry and the result schema every capability issue relies on.
@Suite struct RegistryTests {
    @Test func everyReproductionIsListedOnceWithItsPaper() {
        let names = Reproductions.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in ["hamiltonian-embedding", "qcnn-hur", "reupload-circle", "hqnn", "quanvolution", "quantum-creep", "qkan",
                     "transfer-learning", "hybrid-cnn", "qrnn-reservoir", "qfwp", "onion-reservoir", "adversarial", "qcae", "qvf"] { #expect(names.contains(name)) }
        for r in Reproductions.all {
            #expect(!r.paper.title.isEmpty && r.paper.arxiv.range(of: #"^\d{4}\.\d{4,5}$"#, options: .regularExpression) != nil)
            #expect(!r.summary.isEmpty && !r.quickForm.isEmpty && r.seeds.quick <= r.seeds.full)
        }
        #expect(Set(Reproductions.models.map(\.name)) == ["hamemb", "qcnn", "qcnn-hur", "reupload-1q", "hqnn-parallel", "hqnn-quanv",
                                                           "quanvolution", "creep-0", "creep-1", "creep-2", "qkan-cnn",
                                                           "qkan-regression", "transfer-ae", "hybrid-cnn", "qadv"])
    }

    static let row = ResultRow(label: "m", metric: "test accuracy", values: [90, 94], unit: "%", higherIsBetter: true,
                               reported: Reported("94.4 ± 2.8 %", value: 94.4, source: "table 2"), seconds: 3)

    /// The JSON keys, nulls and the mean ± sample std of the row.
    @Test func rowSchema() throws {
        var single = Self.row
        single.values = [98]
        single.reported = Reported("mid-90s", source: "figure")
        let summary = ReproductionSummary(reproduction: "x", quick: true, paper: .init(title: "T", arxiv: "1234.5678"),
                                          rows: [Self.row, single])
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(summary)) as! [String: Any]
        #expect(Set(object.keys) == ["reproduction", "quick", "paper", "rows"])
        let rows = object["rows"] as! [[String: Any]]
        #expect(Set(rows[0].keys) == ["label", "metric", "value", "std", "seeds", "paper", "paper_value", "unit",
                                      "higher_is_better", "seconds"])
        #expect(rows[0]["value"] as? Double == 92 && rows[0]["seeds"] as? Int == 2 && rows[0]["paper_value"] as? Double == 94.4)
        #expect(abs((rows[0]["std"] as? Double ?? 0) - 8.0.squareRoot()) < 1e-12)
        #expect(rows[1]["std"] is NSNull && rows[1]["paper_value"] is NSNull)
    }

    @Test func valueTextKeepsTheDigitsOfSmallValues() {
        var row = Self.row
        row.unit = ""
        row.values = [0.19, 0.16, 0.2]
        #expect(row.valueText == "0.183 ± 0.021")
        row.values = [1.3, 1.4]
        #expect(row.valueText == "1.35 ± 0.07")
        row.values = [0.012]
        #expect(row.valueText == "0.0120")
        row.values = [1.5e-5, 2.5e-5]
        #expect(row.valueText == "2.00e-05 ± 7.1e-06")
    }

    @Test func tableAndReport() {
        var plot = LinePlot(title: "curve", xLabel: "epoch", yLabel: "loss")
        plot.add("m", y: [2, 1.5, 1.2])
        let result = ReproductionResult(rows: [Self.row], plots: [plot], notes: ["a note"])
        #expect(result.table.contains("92.0 ± 2.8 %") && result.table.contains("94.4 ± 2.8 %"))
        let r = Reproductions.named("qcnn-hur")!
        let markdown = result.markdown(of: r, quick: true, plotFiles: ["x-1.svg"])
        #expect(markdown.contains("| m | test accuracy | 92.0 ± 2.8 % | 2 | 94.4 ± 2.8 % | table 2 | 3 s |"))
        #expect(markdown.contains("![curve](x-1.svg)") && markdown.contains("Quick form: ") && markdown.contains("- a note"))
        #expect(markdown.contains("arxiv.org/abs/2108.00661"))
    }

    @Test func seedsFoldIntoMeanCurves() throws {
        let context = ReproductionContext(quick: true, seeds: 3)
        let run = try context.overSeeds("r", metric: "m", reported: Reported("-", source: "-")) { seed in
            SeedRun(value: Double(seed), seconds: 1, curve: Array(repeating: Double(seed), count: 3 + Int(seed)))
        }
        #expect(run.row.values == [0, 1, 2] && run.row.seconds == 3)
        #expect(run.curve == [1, 1, 1])
    }
}
