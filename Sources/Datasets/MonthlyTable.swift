import Foundation

/// A monthly series stored as a fixed-width year × month table, as NOAA publishes the
/// monthly sunspot numbers: free-text header lines, then lines `YEAR v1 … v12` (the last
/// year may be partial), then free-text notes. Blank lines are ignored.
public struct MonthlyTable: Sendable, Equatable {
    /// The first year of the table.
    public var firstYear: Int
    /// The values in time order, one a month from January of `firstYear`.
    public var values: [Double]

    /// Parses the table. Lines whose first field is a 4-digit year are data; data lines must
    /// be consecutive years with 12 values, except the last, which may have 1…12.
    /// - Throws: `DatasetError.malformedText` naming the line.
    public init(bytes: [UInt8], file: String) throws {
        var first: Int?
        var previous: Int?
        var partial = false
        values = []
        var lineNumber = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = String(decoding: raw, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let head = fields.first, head.count == 4, let year = Int(head) else { continue }
            func fail(_ problem: String) -> DatasetError { .malformedText(file: file, line: lineNumber, column: nil, problem: problem) }
            if let previous {
                guard !partial else { throw fail("year \(year) follows a partial year") }
                guard year == previous + 1 else { throw fail("year \(year) follows \(previous); years must be consecutive") }
            }
            let months = fields.dropFirst()
            guard (1...12).contains(months.count) else { throw fail("\(months.count) monthly values, expected 1 to 12") }
            for m in months {
                guard let v = Double(m), v.isFinite else { throw fail("\(String(m.prefix(40)).debugDescription) is not a finite number") }
                values.append(v)
            }
            partial = months.count < 12
            if first == nil { first = year }
            previous = year
        }
        guard let first else { throw DatasetError.malformedText(file: file, line: lineNumber, column: nil, problem: "no data lines (a 4-digit year followed by monthly values)") }
        firstYear = first
    }

    /// Reads a table file (gzip-compressed or not).
    public init(contentsOf url: URL) throws {
        try self.init(bytes: FileBytes.read(url), file: url.path)
    }
}
