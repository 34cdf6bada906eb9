import Foundation
import Testing
import Tensor
@testable import Datasets

/// The real series registered for forecasting: read from ../shared/datasets, values against the
/// files, the CO₂ gaps filled by linear interpolation.
@Suite struct SeriesDatasetTests {
    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func realSeriesLoad() throws {
        var env = TestData.cleanEnvironment
        env["QUANTA_DATA"] = TestData.shared.path
        let expected: [(String, Int, [Float], Float)] = [
            ("airline", 144, [112, 118], 432), ("nile", 100, [1120, 1160], 740),
            ("elnino", 732, [23.11, 24.2], 22.07), ("co2", 2284, [316.1, 317.3], 371.5),
        ]
        for (name, count, first, last) in expected {
            let d = try DatasetRegistry.load(name, environment: env)
            #expect(d.info.task == .forecasting && d.train.features.shape == [count, 1] && d.test == nil, "\(name)")
            let s = d.train.features.scalars
            #expect(Array(s.prefix(2)) == first && abs(s.last! - last) < 1e-4, "\(name): \(s.prefix(2)) … \(s.last!)")
            #expect(s.allSatisfy { $0.isFinite })
        }
        // 1958-05-10 is missing: halfway between 316.9 (05-03) and 317.5 (05-17)
        let co2 = try DatasetRegistry.load("co2", environment: env).train.features.scalars
        #expect(abs(co2[6] - 317.2) < 1e-4)
    }

    @Test func seriesColumnsFillGapsAndRefuseBadRows() throws {
        let text = "t,v\n1,2\n2,\n3,\n4,8\n5,\n"
        let filled = try SeriesColumn(bytes: Array(text.utf8), file: "x.csv", column: 1, fillMissing: true).values
        #expect(filled == [2, 4, 6, 8, 8])
        #expect(throws: DatasetError.self) { try SeriesColumn(bytes: Array(text.utf8), file: "x.csv", column: 1, fillMissing: false) }
        #expect(throws: DatasetError.self) { try SeriesColumn(bytes: Array("t,v\n1,abc\n".utf8), file: "x.csv", column: 1, fillMissing: true) }
        #expect(throws: DatasetError.self) { try SeriesColumn(bytes: Array("t,v\n1\n".utf8), file: "x.csv", column: 1, fillMissing: true) }
        #expect(throws: DatasetError.self) { try SeriesColumn(bytes: Array("t,v\n1,\n".utf8), file: "x.csv", column: 1, fillMissing: true) }
    }
}
