import Foundation
import Testing
@testable import Reproductions

/// The nupes reproduction in a reduced quick form: per width, the uniform grid and the power grid
/// searched, then refined, beside float.
@Suite struct NUPESPaperTests {
    @Test func reducedQuickForm() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("nupes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = NUPESPaper.Config.quick
        config.bits = [4]
        config.refinementSteps = 3
        config.calibrationBatches = 2
        let result = try NUPESPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 4)
        #expect(result.rows.allSatisfy { $0.value > 90 }, "\(result.rows.map(\.value))")
        #expect(result.rows[2].label.contains("mean exponent"))
    }
}
