import Foundation

/// One numeric column of a delimited text file with a header line, as a series in file order:
/// the time column may be anything (dates such as "1949-01"), empty values are missing and, when
/// `fillMissing`, filled by linear interpolation between their neighbours (the ends copy the
/// nearest value).
struct SeriesColumn {
    var values: [Double]

    /// - Throws: `DatasetError.malformedText` naming the line of a short row or a bad number, or
    ///   a file without values; missing values without `fillMissing`.
    init(bytes: [UInt8], file: String, column: Int, fillMissing: Bool) throws {
        var values: [Double?] = []
        var lineNumber = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if lineNumber == 1 || line.isEmpty { continue }
            func fail(_ problem: String) -> DatasetError { .malformedText(file: file, line: lineNumber, column: nil, problem: problem) }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard column < fields.count else { throw fail("\(fields.count) fields, the series is column \(column + 1)") }
            let text = fields[column].trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                guard fillMissing else { throw fail("the value is missing") }
                values.append(nil)
                continue
            }
            guard let v = Double(text), v.isFinite else { throw fail("\(String(text.prefix(40)).debugDescription) is not a finite number") }
            values.append(v)
        }
        let known = values.indices.filter { values[$0] != nil }
        guard let first = known.first, let last = known.last else {
            throw DatasetError.malformedText(file: file, line: lineNumber, column: nil, problem: "no values in column \(column + 1)")
        }
        var filled = values.map { $0 ?? 0 }
        for i in values.indices where values[i] == nil {
            if i < first { filled[i] = values[first]! ; continue }
            if i > last { filled[i] = values[last]!; continue }
            let before = known.last { $0 < i }!, after = known.first { $0 > i }!
            let w = Double(i - before) / Double(after - before)
            filled[i] = values[before]! * (1 - w) + values[after]! * w
        }
        self.values = filled
    }

    init(contentsOf url: URL, column: Int, fillMissing: Bool = false) throws {
        try self.init(bytes: FileBytes.read(url), file: url.path, column: column, fillMissing: fillMissing)
    }
}
