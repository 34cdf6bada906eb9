import Foundation

/// A numeric table read from a CSV file: an optional header line, then rows of numbers
/// separated by commas. All rows have the same number of columns.
public struct CSVTable: Sendable, Equatable {
    /// The header fields (surrounding double quotes removed), or nil when the file has none.
    public var header: [String]?
    /// Number of columns.
    public var columns: Int
    /// The values, row-major: row `r`, column `c` is `values[r * columns + c]`.
    public var values: [Double]

    /// Number of data rows.
    public var rows: Int { columns == 0 ? 0 : values.count / columns }

    /// Row `r` as an array.
    public func row(_ r: Int) -> ArraySlice<Double> { values[(r * columns)..<((r + 1) * columns)] }

    /// Column `c` as an array.
    public func column(_ c: Int) -> [Double] { (0..<rows).map { values[$0 * columns + c] } }

    /// How to treat an empty field.
    public enum Missing: Sendable { case error, nan }

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - hasHeader: whether the first non-blank line is a header.
    ///   - headerDefinesColumns: whether rows must have as many fields as the header
    ///     (otherwise as many as the first row; scikit-learn's headers are not column names).
    ///   - missing: `.error` (default) rejects empty fields; `.nan` reads them as NaN.
    /// Blank lines are skipped; `\r\n` line ends and a leading UTF-8 byte-order mark are
    /// accepted. Numbers must be finite.
    /// - Throws: `DatasetError.malformedText` naming the line and column of the first bad
    ///   field or the row with the wrong number of columns.
    public init(bytes: [UInt8], file: String, hasHeader: Bool, headerDefinesColumns: Bool = true,
                separator: UInt8 = UInt8(ascii: ","), missing: Missing = .error) throws {
        header = nil
        columns = -1
        values = []
        var line = 0
        // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first field.
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let n = bytes.count
        while start < n {
            line += 1
            var end = start
            while end < n, bytes[end] != 0x0A { end += 1 }
            var stop = end
            if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            defer { start = end + 1 }
            if bytes[start..<stop].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let fields = bytes[start..<stop].split(separator: separator, omittingEmptySubsequences: false)
            if hasHeader && header == nil {
                header = try fields.map { field in
                    guard let text = String(validating: field, as: UTF8.self) else {
                        throw DatasetError.malformedText(file: file, line: line, column: nil, problem: "the header is not valid UTF-8")
                    }
                    return TextTable.unquote(Substring(text))
                }
                continue
            }
            if columns < 0 { columns = headerDefinesColumns ? header?.count ?? fields.count : fields.count }
            guard fields.count == columns else {
                let basis = header != nil && headerDefinesColumns ? "the header has" : "the first row has"
                throw DatasetError.malformedText(file: file, line: line, column: nil, problem: "\(fields.count) fields, but \(basis) \(columns)")
            }
            var column = 1
            for f in fields {
                values.append(try Self.number(f, file: file, line: line, column: column, missing: missing))
                column += f.count + 1
            }
        }
        if columns < 0 { columns = headerDefinesColumns ? header?.count ?? 0 : 0 }
    }

    /// Reads a CSV file (gzip-compressed or not).
    public init(contentsOf url: URL, hasHeader: Bool, headerDefinesColumns: Bool = true, missing: Missing = .error) throws {
        try self.init(bytes: FileBytes.read(url), file: url.path, hasHeader: hasHeader, headerDefinesColumns: headerDefinesColumns, missing: missing)
    }

    private static func number(_ raw: ArraySlice<UInt8>, file: String, line: Int, column: Int, missing: Missing) throws -> Double {
        var lo = raw.startIndex, hi = raw.endIndex
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 { hi -= 1 }
        if hi - lo >= 2, raw[lo] == 0x22, raw[hi - 1] == 0x22 { lo += 1; hi -= 1 }
        if lo == hi {
            if missing == .nan { return .nan }
            throw DatasetError.malformedText(file: file, line: line, column: column, problem: "empty field")
        }
        let text = raw[lo..<hi]
        // Only the characters of a decimal number; strtod alone would also take "0x1p3", "inf".
        let allowed = text.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }
        guard allowed, hi - lo <= 64, let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            let shown = String(decoding: text.prefix(40), as: UTF8.self).debugDescription
            throw DatasetError.malformedText(file: file, line: line, column: column, problem: "\(shown) is not a finite number")
        }
        return value
    }
}
