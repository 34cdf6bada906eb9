import Foundation
import Tensor

/// Turning each source format into `DataSplit`s, with the consistency checks each needs.
extension DatasetRegistry {
    /// An IDX image file [N, H, W] and its label file [N] → features [N, 1, H, W] in [0, 1].
    static func readIDXImages(images: URL, labels: URL, classes: Int) throws -> DataSplit {
        let x = try IDXArray(contentsOf: images)
        guard x.shape.count == 3, x.elementType == .uint8 else {
            throw DatasetError.malformed(file: images.path, offset: 2, problem: "expected 8-bit images [N, rows, cols], found \(x.elementType) of shape \(x.shape)")
        }
        let y = try IDXArray(contentsOf: labels)
        guard y.shape.count == 1 else {
            throw DatasetError.malformed(file: labels.path, offset: 3, problem: "expected a 1-d label array, found shape \(y.shape)")
        }
        guard y.shape[0] == x.shape[0] else {
            throw DatasetError.absurdSize(file: labels.path, problem: "\(y.shape[0]) labels for \(x.shape[0]) images in \(images.path)")
        }
        let values = try y.integers(file: labels.path)
        if let bad = values.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw DatasetError.malformed(file: labels.path, offset: 8 + bad * y.elementType.size, problem: "label \(values[bad]) of sample \(bad) is outside 0..<\(classes)")
        }
        let features = x.tensor(scale: 1 / 255).reshaped([x.shape[0], 1, x.shape[1], x.shape[2]])
        return DataSplit(features: features, labels: values)
    }

    /// scikit-learn's CSV layout: header `n_samples,n_features,class names…`, rows of
    /// features then an integer label.
    static func readSklearnTable(_ paths: [URL], _ d: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let file = paths[0].path
        let rows = try CSVTable(contentsOf: paths[0], hasHeader: true, headerDefinesColumns: false)
        let header = rows.header ?? []
        guard header.count >= 3, let samples = Int(header[0]), let features = Int(header[1]), samples > 0, features > 0 else {
            throw DatasetError.malformedText(file: file, line: 1, column: nil, problem: "header must be 'n_samples,n_features,class names…', found \(header.joined(separator: ",").prefix(80).debugDescription)")
        }
        let classes = Array(header.dropFirst(2))
        guard rows.columns == features + 1, rows.rows == samples else {
            throw DatasetError.malformedText(file: file, line: 1, column: nil, problem: "header promises \(samples) rows of \(features) features + label, the file has \(rows.rows) rows of \(rows.columns) columns")
        }
        return try classifiedRows(rows, file: file, firstLine: 2, classes: classes, scale: 1, shape: [features])
    }

    /// digits.csv(.gz): no header, 64 pixels 0…16 then a label 0…9 → [N, 1, 8, 8] in [0, 1].
    static func readDigits(_ paths: [URL], _ d: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let file = paths[0].path
        let rows = try CSVTable(contentsOf: paths[0], hasHeader: false)
        guard rows.columns == 65 else {
            throw DatasetError.malformedText(file: file, line: 1, column: nil, problem: "\(rows.columns) columns; digits rows are 64 pixels and a label")
        }
        return try classifiedRows(rows, file: file, firstLine: 1, classes: (0...9).map(String.init), scale: 1.0 / 16, shape: [1, 8, 8])
    }

    /// Splits rows into features (all but the last column, times `scale`) and labels.
    static func classifiedRows(_ rows: CSVTable, file: String, firstLine: Int, classes: [String], scale: Double, shape: [Int]) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let f = rows.columns - 1
        var features = [Float](); features.reserveCapacity(rows.rows * f)
        var labels = [Int](); labels.reserveCapacity(rows.rows)
        for r in 0..<rows.rows {
            let row = rows.row(r)
            let label = row.last!
            guard label == label.rounded(), label >= 0, label < Double(classes.count) else {
                throw DatasetError.malformedText(file: file, line: r + firstLine, column: nil, problem: "label \(label) is not a class index 0..<\(classes.count)")
            }
            features.append(contentsOf: row.dropLast().map { Float($0 * scale) })
            labels.append(Int(label))
        }
        let split = DataSplit(features: Tensor(shape: [rows.rows] + shape, scalars: features), labels: labels)
        return (split, nil, classes)
    }

    /// The NOAA monthly table → one series [T, 1].
    static func readMonthly(_ paths: [URL], _ d: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let table = try MonthlyTable(contentsOf: paths[0])
        let series = Tensor(shape: [table.values.count, 1], scalars: table.values.map { Float($0) })
        return (DataSplit(features: series), nil, nil)
    }

    /// Column `column` of a CSV series file → [T, 1] (`SeriesColumn`).
    static func readSeriesColumn(_ paths: [URL], column: Int, fillMissing: Bool = false) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let values = try SeriesColumn(contentsOf: paths[0], column: column, fillMissing: fillMissing).values
        return (DataSplit(features: Tensor(shape: [values.count, 1], scalars: values.map { Float($0) })), nil, nil)
    }

    /// A CSV year × 12 months table (header, then `YEAR,m1,…,m12`) → [12·years, 1] in time order.
    static func readMonthlyCSV(_ paths: [URL], _ d: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let table = try CSVTable(contentsOf: paths[0], hasHeader: true)
        guard table.columns == 13, table.rows > 0 else {
            throw DatasetError.malformedText(file: paths[0].path, line: 1, column: nil,
                                             problem: "\(table.columns) columns, expected YEAR and 12 months")
        }
        let values = (0..<table.rows).flatMap { table.row($0).dropFirst() }
        return (DataSplit(features: Tensor(shape: [values.count, 1], scalars: values.map { Float($0) })), nil, nil)
    }

    /// UCR `_TRAIN.ts` and `_TEST.ts` → [N, length] (or [N, dims, length]) and labels.
    static func readUCR(_ paths: [URL], _ d: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?) {
        let train = try TimeSeriesFile(contentsOf: paths[0])
        let test = try TimeSeriesFile(contentsOf: paths[1])
        guard train.classLabels == test.classLabels, train.dimensions == test.dimensions, train.length == test.length else {
            throw DatasetError.absurdSize(file: paths[1].path, problem: "test series (\(test.dimensions)×\(test.length), classes \(test.classLabels)) do not match the training series (\(train.dimensions)×\(train.length), classes \(train.classLabels)) in \(paths[0].path)")
        }
        return (DataSplit(features: train.features, labels: train.labels),
                DataSplit(features: test.features, labels: test.labels), train.classLabels)
    }
}
