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
    var normalization: Normalization
    var sampleShape: [Int] { Array(train.features.shape.dropFirst()) }

    /// Loads `name` and splits it: the source's test part when it has one, else a seeded
    /// stratified `testFraction`; then `validationFraction` of the rest for validation.
    /// `normalization` (from a checkpoint) is reused; otherwise one is fitted on the training part.
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
        // A checkpoint's statistics come from a file (and may be for another data set): checked, not trusted.
        if let stored {
            let shape = train.features.shape, axis = stored.channelAxis
            guard axis >= 1, axis < shape.count, shape[axis] == stored.mean.count, stored.std.count == stored.mean.count,
                  stored.mean.allSatisfy(\.isFinite), stored.std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw UsageError("\(name) has samples \(Array(shape.dropFirst())); the checkpoint's input standardisation "
                    + "(\(stored.mean.count) channels on axis \(axis)) does not fit them, or is damaged")
            }
        }
        // Standardised by training statistics: per feature for tables and series, per channel for images.
        let normalization = stored ?? Normalization.fit(train.features, channelAxis: 1)
        func labeled(_ split: DataSplit) -> LabeledData {
            LabeledData(features: normalization.apply(split.features), labels: split.labels)
        }
        let classes = (data.info.classes?.count).map { Swift.max($0, (data.train.labels.max() ?? 0) + 1) }
            ?? ((data.train.labels.max() ?? 0) + 1)
        return PreparedData(info: data.info, train: labeled(train), validation: validation.map(labeled), test: labeled(test),
                            classes: classes, normalization: normalization)
    }

    /// The data a checkpoint was trained on (or `--dataset NAME`), split and standardised
    /// exactly as in its training run, checked against the checkpoint's model. Shared by
    /// `eval` and `quantize`.
    static func forCheckpoint(_ spec: ModelSpec, metadata: [String: String], file: String, args: Arguments) throws -> PreparedData {
        let config = try? TrainConfig.stored(in: metadata, file: file)
        let given = args.string("dataset")
        guard let dataset = given ?? spec.dataset else { throw UsageError("--dataset NAME is required for this checkpoint") }
        if given == nil { try TrainConfig.checkStoredDataset(dataset, file: file) }
        let data = try load(dataset, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) },
                            testFraction: config?.testFraction ?? 0.2, validationFraction: config?.validationFraction ?? 0.05,
                            seed: config?.seed ?? spec.seed, normalization: spec.normalization)
        guard data.sampleShape == spec.inputShape, data.classes <= spec.classes else {
            let message = "\(dataset) has samples \(data.sampleShape) in \(data.classes) classes; the checkpoint's model takes \(spec.inputShape) in \(spec.classes)"
            // the name came from the file: its fault, not a usage error
            if given == nil { throw SafeTensorsError(file: file, problem: message) }
            throw UsageError(message)
        }
        return data
    }
}
