import XCTest
@testable import Datasets

final class BitstringPatternsTests: XCTestCase {
    func testCountsAndTheTwoByTwoGridByHand() throws {
        XCTAssertEqual(try BitstringPatterns.barsAndStripes(rows: 3, columns: 3).count, 14)
        XCTAssertEqual(try BitstringPatterns.barsAndStripes(rows: 4, columns: 4).count, 30)
        // 2×2: empty, full, two stripes (rows: bits 0–1, 2–3), two bars (columns: bits 0, 2 and 1, 3)
        XCTAssertEqual(try BitstringPatterns.barsAndStripes(rows: 2, columns: 2), [0b0000, 0b0011, 0b0101, 0b1010, 0b1100, 0b1111])
        XCTAssertEqual(try BitstringPatterns.cardinality(bits: 8, ones: 4).count, 70)
        XCTAssertThrowsError(try BitstringPatterns.cardinality(bits: 4, ones: 5))
        XCTAssertThrowsError(try BitstringPatterns.barsAndStripes(rows: 0, columns: 3))
    }
}
