import Foundation
import Tensor

/// A CSV file as text: a header row and rows of fields, every row as wide as the header.
/// Fields are separated by commas and may be wrapped in double quotes; a UTF-8 byte-order
/// mark, `\r\n` line ends and blank lines are accepted.
struct TextTable {
    let file: String
    var header: [String]
    var rows: [[String]]
    /// The line of each row in the file (1-based), for messages.
    var lines: [Int]

    static func read(_ url: URL) throws -> TextTable {
        let bytes = try FileBytes.read(url)
        guard var text = String(validating: bytes, as: UTF8.self) else {
            let line = firstInvalidLine(bytes)
            throw DatasetError.malformedText(file: url.path, line: line, column: nil, problem: "not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var table = TextTable(file: url.path, header: [], rows: [], lines: [])
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(unquote)
            if table.header.isEmpty {
                table.header = fields
                continue
            }
            guard fields.count == table.header.count else {
                throw DatasetError.malformedText(file: url.path, line: i + 1, column: nil,
                                                 problem: "\(fields.count) fields, but the header has \(table.header.count)")
            }
            table.rows.append(fields)
            table.lines.append(i + 1)
        }
        guard !table.header.isEmpty else { throw DatasetError.malformedText(file: url.path, line: 1, column: nil, problem: "the file is empty") }
        return table
    }

    /// A field without surrounding blanks and double quotes.
    static func unquote(_ field: Substring) -> String {
        let t = field.trimmingCharacters(in: .whitespaces)
        return t.count >= 2 && t.hasPrefix("\"") && t.hasSuffix("\"") ? String(t.dropFirst().dropLast()) : t
    }

    static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
            line += 1
            start = i + 1
        }
        return line
    }

    /// The column named `name`, or the last column when nil.
    func columnIndex(_ name: String?) throws -> Int {
        guard let name else { return header.count - 1 }
        guard let i = header.firstIndex(of: name) else {
            throw DatasetError.invalidArgument("\(file): no column '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
        return i
    }

    func column(_ c: Int) -> [String] { rows.map { $0[c] } }

    /// Every column but `excluded` as finite numbers, [rows, columns].
    func numericColumns(excluding excluded: Int?) throws -> Tensor<Float> {
        let kept = header.indices.filter { $0 != excluded }
        guard !kept.isEmpty else { throw DatasetError.invalidArgument("\(file): no feature columns besides the label") }
        var values: [Float] = []
        values.reserveCapacity(rows.count * kept.count)
        for (row, line) in zip(rows, lines) {
            for c in kept {
                guard let v = Float(row[c]), v.isFinite else {
                    throw DatasetError.malformedText(file: file, line: line, column: c + 1,
                                                     problem: "column '\(header[c])' holds \(row[c].debugDescription), not a finite number")
                }
                values.append(v)
            }
        }
        return Tensor(shape: [rows.count, kept.count], scalars: values)
    }
}
