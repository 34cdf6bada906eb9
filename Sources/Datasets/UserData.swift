import Foundation
import Tensor

/// A user's own data, named on the command line instead of a registered set:
/// `csv:PATH` — a table with a header row, numeric feature columns and a target column (the
/// last, or `labelColumn`); `npy:FEATURES.npy,LABELS.npy` — NumPy arrays [N, …] and [N].
/// The task is chosen from the targets unless given: real numbers are a regression target,
/// integers or names are classes (numbered in sorted order).
public enum UserData {
    /// Whether `name` names user data rather than a registered set.
    public static func isUserData(_ name: String) -> Bool {
        name.hasPrefix("csv:") || name.hasPrefix("npy:")
    }

    /// Loads the data `name` names. Throws `DatasetError` naming the file, line and column of
    /// the first problem.
    public static func load(_ name: String, labelColumn: String? = nil, task: DatasetTask? = nil) throws -> Dataset {
        let path = String(name.drop { $0 != ":" }.dropFirst())
        if name.hasPrefix("npy:") {
            guard labelColumn == nil else { throw DatasetError.invalidArgument("--label-column is for csv: tables, not npy: arrays") }
            return try loadArrays(path, name: name, task: task)
        }
        let table = try TextTable.read(URL(fileURLWithPath: path))
        let label = try table.columnIndex(labelColumn)
        let features = try table.numericColumns(excluding: label)
        return try dataset(name, path: path, features: features, targets: table.column(label),
                           what: "column '\(table.header[label])'", task: task)
    }

    /// The data set of `targets` read as classes or as a regression target.
    static func dataset(_ name: String, path: String, features: Tensor<Float>, targets: [String], what: String,
                        task: DatasetTask?) throws -> Dataset {
        let chosen = task ?? inferredTask(targets)
        guard chosen == .regression else {
            let (labels, classes) = try classes(targets, file: path, what: what)
            return userDataset(name, path: path, split: DataSplit(features: features, labels: labels), classes: classes)
        }
        let values = try targets.enumerated().map { i, text -> Float in
            guard let v = Float(text), v.isFinite else {
                throw DatasetError.invalidArgument("\(path): \(what) row \(i + 1) holds \(text.debugDescription), not a finite number")
            }
            return v
        }
        let split = DataSplit(features: features, targets: Tensor(shape: [values.count, 1], scalars: values))
        return userDataset(name, path: path, split: split, classes: nil)
    }

    /// Regression when every target is a number and one is not a whole number; else classes.
    static func inferredTask(_ targets: [String]) -> DatasetTask {
        let numbers = targets.map { Double($0) }
        let real = numbers.allSatisfy { $0 != nil } && numbers.contains { $0! != $0!.rounded() }
        return real ? .regression : .classification
    }

    /// `npy:X.npy,y.npy`.
    static func loadArrays(_ paths: String, name: String, task: DatasetTask?) throws -> Dataset {
        let parts = paths.split(separator: ",").map(String.init)
        guard parts.count == 2 else {
            throw DatasetError.invalidArgument("npy data is named npy:FEATURES.npy,LABELS.npy, got '\(name)'")
        }
        let x = try NPY.read(URL(fileURLWithPath: parts[0]))
        let y = try NPY.read(URL(fileURLWithPath: parts[1]))
        guard x.shape.count >= 2, y.shape.first == x.shape[0], y.values.count == x.shape[0] else {
            throw DatasetError.invalidArgument("\(parts[0]) has shape \(x.shape) and \(parts[1]) shape \(y.shape): "
                + "features need [N, …] and labels [N]")
        }
        let features = Tensor(shape: x.shape, scalars: x.values.map { Float($0) })
        return try dataset(name, path: parts[0], features: features, targets: y.values.map { formatted($0) },
                           what: "the labels of \(parts[1])", task: task)
    }

    /// A split as a data set named `name`: classification when it has class names, else regression.
    static func userDataset(_ name: String, path: String, split: DataSplit, classes: [String]?) -> Dataset {
        let task: DatasetTask = classes == nil ? .regression : .classification
        let info = DatasetInfo(name: name, title: "the user's data \(path)", task: task, classes: classes,
                               sampleShape: split.sampleShape, trainCount: split.count, testCount: nil, source: path,
                               license: "the user's", location: path)
        return Dataset(info: info, train: split, test: nil)
    }

    /// Class indices of `values` and the class names in index order: integers sorted
    /// numerically, names alphabetically. Refuses a real-valued (regression) target.
    static func classes(_ values: [String], file: String, what: String) throws -> ([Int], [String]) {
        let integers = values.map { Int($0) }
        let names = integers.allSatisfy({ $0 != nil }) ? Set(integers.map { $0! }).sorted().map(String.init) : Set(values).sorted()
        guard names.count <= 100_000 else {
            throw DatasetError.invalidArgument("\(file): \(what) has \(names.count) distinct values; a class column has at most 100000")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let labels = values.map { index[Int($0).map(String.init) ?? $0]! }
        return (labels, names)
    }

    /// An integral double as "3", others with their digits.
    static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// Features to predict from: a CSV table (the `labelColumn` dropped when present) or a
    /// `.npy` array, as a tensor [N, …].
    public static func inputs(_ url: URL, labelColumn: String?) throws -> Tensor<Float> {
        if url.pathExtension.lowercased() == "npy" {
            let x = try NPY.read(url)
            guard x.shape.count >= 1 else { throw DatasetError.invalidArgument("\(url.path): a scalar is not a set of samples") }
            return Tensor(shape: x.shape.count == 1 ? [1, x.shape[0]] : x.shape, scalars: x.values.map { Float($0) })
        }
        let table = try TextTable.read(url)
        let drop = labelColumn.flatMap { table.header.firstIndex(of: $0) }
        return try table.numericColumns(excluding: drop)
    }
}
