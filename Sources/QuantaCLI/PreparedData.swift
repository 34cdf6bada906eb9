import Foundation
import Quanta

/// A classification data set made ready for training and evaluation: train, validation and
/// test parts, with tabular features standardised by training statistics.
struct PreparedData {
    var info: DatasetInfo
    var train: LabeledData
    var validation: LabeledData?
    var test: LabeledData
    var classes: Int
    var normalization: Normalization?
    var sampleShape: [Int] { Array(train.features.shape.dropFirst()) }

    /// Common data options of `train` and `eval`.
    static let valueOptions: Set<String> = ["dataset", "data-dir", "test-fraction", "validation-fraction", "seed"]

    /// Loads `name` and splits it: the source's test part when it has one, else a seeded
    /// stratified `testFraction`; then `validationFraction` of the rest for validation.
    /// `normalization` (from a checkpoint) is reused; otherwise tabular data gets a fresh one.
    static func load(_ name: String, dataDir: URL?, testFraction: Double, validationFraction: Double, seed: UInt64,
                     normalization stored: Normalization? = nil) throws -> PreparedData {
        let data = try DatasetRegistry.load(name, dataDir: dataDir)
        guard data.info.task == .classification else {
            throw UsageError("\(name) is a \(data.info.task.rawValue) data set; quanta train and eval take classification sets: "
                + DatasetRegistry.all.filter { $0.task == .classification }.map(\.name).joined(separator: ", "))
        }
        var train = data.train, test: DataSplit
        if let given = data.test {
            test = given
        } else {
            (train, test) = try data.train.split(validationFraction: testFraction, seed: seed)
        }
        var validation: DataSplit?
        if validationFraction > 0 {
            let parts = try train.split(validationFraction: validationFraction, seed: seed &+ 1)
            (train, validation) = (parts.train, parts.validation)
        }
        // Tables and series are standardised per feature; images already lie in [0, 1].
        var normalization = stored
        if normalization == nil && train.features.rank == 2 {
            normalization = Normalization.fit(train.features, channelAxis: 1)
        }
        func labeled(_ split: DataSplit) -> LabeledData {
            LabeledData(features: normalization?.apply(split.features) ?? split.features, labels: split.labels)
        }
        let classes = (data.info.classes?.count).map { Swift.max($0, (data.train.labels.max() ?? 0) + 1) }
            ?? ((data.train.labels.max() ?? 0) + 1)
        return PreparedData(info: data.info, train: labeled(train), validation: validation.map(labeled), test: labeled(test),
                            classes: classes, normalization: normalization)
    }

    /// Reads the common data options.
    static func load(_ args: Arguments, dataset: String, seed: UInt64, normalization: Normalization? = nil) throws -> PreparedData {
        try load(dataset, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) },
                 testFraction: try args.double("test-fraction", default: 0.2, in: 0.01...0.9),
                 validationFraction: try args.double("validation-fraction", default: 0.1, in: 0...0.9),
                 seed: seed, normalization: normalization)
    }
}
