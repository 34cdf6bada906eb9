import Foundation
import Testing
@testable import Reproductions

/// The distillation reproduction in a reduced quick form: a row per student beside the teacher.
@Suite struct DistillationPaperTests {
    @Test func reducedQuickForm() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("distillation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = DistillationPaper.Config.quick
        config.epochs = 2
        let result = try DistillationPaper.run(config, ReproductionContext(quick: true, seeds: 1, cacheDir: cache))
        #expect(result.rows.count == 7)
        #expect(result.rows[0].value > 90)
        #expect(result.rows.allSatisfy { $0.value > 20 }, "\(result.rows.map(\.value))")
    }
}
