import Foundation
import Testing
@testable import Reproductions

/// The adaround reproduction in a reduced quick form (ResNet-20 on digits, a few steps): a row
/// per variant beside float, accuracies near float.
@Suite struct AdaRoundPaperTests {
    @Test func reducedQuickForm() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("adaround-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = AdaRoundPaper.Config.quick
        config.iterations = 10
        config.calibrationBatches = 2
        let result = try AdaRoundPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 7)
        let float = result.rows[0].value
        #expect(float > 90)
        for row in result.rows.dropFirst() { #expect(row.value > float - 10, "\(row.label): \(row.value)") }
    }
}
