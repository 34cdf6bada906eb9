import Foundation
import Testing
@testable import Reproductions

/// The zeroq reproduction in a reduced quick form (ResNet-20 on digits): ten rows, data-free
/// W8A8 close to float, the plan within its budget, the distillation loss recorded per batch.
@Suite struct ZeroQPaperTests {
    @Test func quickFormOnDigits() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("zeroq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = ZeroQPaper.Config.quick
        config.distilledSamples = 32
        config.iterations = 60
        let result = try ZeroQPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 10 && result.plots.count == 1 && (result.plots[0] as! LinePlot).series[0].y.count == 1)
        let value = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.label, $0.value) })
        let float = try #require(value["resnet20 digits float"])
        let dataFree = try #require(value["resnet20 digits data-free W8A8"])
        #expect(float > 90 && dataFree > float - 3, "float \(float), data-free W8A8 \(dataFree)")
        let integer = try #require(value["resnet20 digits data-free W8A8, integer model"])
        #expect(integer > float - 3, "float \(float), data-free W8A8 integer \(integer)")
        #expect(try #require(value["resnet20 digits mixed plan"]) <= 4)
    }
}
