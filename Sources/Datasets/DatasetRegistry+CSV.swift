import Foundation
import Tensor

/// Loading a user's own CSV file as a data set (outside the registry).
extension DatasetRegistry {
    /// A data set from a numeric CSV file with a header line: one column is the target, the
    /// others are features [N, F]. There is no test part; make one with `DataSplit.split`.
    ///
    /// - Parameters:
    ///   - targetColumn: the target's column index (negative counts from the end; default
    ///     the last column).
    ///   - task: `.classification` maps the distinct target values, sorted, to labels
    ///     0..<k (class names are the values as written); `.regression` keeps them as
    ///     targets [N, 1].
    /// - Throws: `DatasetError` for unreadable or malformed files, a bad column, or
    ///   non-integral class values.
    public static func loadCSV(_ url: URL, targetColumn: Int = -1, task: DatasetTask = .classification) throws -> Dataset {
        let table = try CSVTable(contentsOf: url, hasHeader: true)
        let file = url.path
        guard table.columns >= 2, table.rows >= 1 else {
            throw DatasetError.malformedText(file: file, line: 1, column: nil, problem: "need a header, at least one data row and at least 2 columns; found \(table.rows) rows of \(table.columns)")
        }
        let target = targetColumn < 0 ? table.columns + targetColumn : targetColumn
        guard (0..<table.columns).contains(target) else {
            throw DatasetError.invalidArgument("\(file): target column \(targetColumn) is outside the \(table.columns) columns")
        }
        guard task != .forecasting else { throw DatasetError.invalidArgument("loadCSV: forecasting series are loaded as features; use task .regression or .classification") }
        let f = table.columns - 1
        var features = [Float](); features.reserveCapacity(table.rows * f)
        var values = [Double](); values.reserveCapacity(table.rows)
        for r in 0..<table.rows {
            for (c, v) in table.row(r).enumerated() {
                if c == target { values.append(v) } else { features.append(Float(v)) }
            }
        }
        let x = Tensor(shape: [table.rows, f], scalars: features)
        var classes: [String]?
        let split: DataSplit
        if task == .classification {
            if let bad = values.firstIndex(where: { $0 != $0.rounded() || abs($0) >= 1e15 }) {
                throw DatasetError.malformedText(file: file, line: bad + 2, column: nil, problem: "class value \(values[bad]) in column \(target + 1) is not an integer")
            }
            let distinct = Array(Set(values)).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            classes = distinct.map { String(Int($0)) }
            split = DataSplit(features: x, labels: values.map { index[$0]! })
        } else {
            split = DataSplit(features: x, targets: Tensor(shape: [table.rows, 1], scalars: values.map { Float($0) }))
        }
        let info = DatasetInfo(name: url.deletingPathExtension().lastPathComponent, title: "CSV file \(url.lastPathComponent)",
                               task: task, classes: classes, sampleShape: [f], trainCount: table.rows, testCount: nil,
                               source: file, license: "unknown (user file)", location: url.deletingLastPathComponent().path)
        return Dataset(info: info, train: split, test: nil)
    }
}
