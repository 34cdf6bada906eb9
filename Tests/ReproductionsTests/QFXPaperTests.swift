import Foundation
import Testing
@testable import Reproductions

/// The qfx reproduction in a reduced quick form: four fixed-point rows and the shift-only integer
/// model beside float.
@Suite struct QFXPaperTests {
    @Test func reducedQuickForm() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("qfx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = QFXPaper.Config.quick
        config.epochs = 0.2
        let result = try QFXPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 6)
        #expect(result.rows[0].value > 90 && result.rows[2].value > 50, "\(result.rows.map(\.value))")
        #expect(result.rows[3].label.contains("shift-only integer model") && abs(result.rows[3].value - result.rows[2].value) < 3)
        #expect(result.rows[4].label.contains("2 powers of two"))
    }
}
