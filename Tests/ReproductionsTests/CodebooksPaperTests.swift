import Foundation
import Testing
@testable import Reproductions

/// The codebooks reproduction in a reduced quick form: uniform, k-means and learned rows beside
/// float, and the size ratio near 1.
@Suite struct CodebooksPaperTests {
    @Test func reducedQuickForm() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("codebooks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = CodebooksPaper.Config.quick
        config.iterations = 5
        config.calibrationBatches = 2
        let result = try CodebooksPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 5)
        #expect(result.rows.prefix(4).allSatisfy { $0.value > 80 }, "\(result.rows.map(\.value))")
        #expect(result.rows[4].value > 0.5 && result.rows[4].value < 2)
    }
}
