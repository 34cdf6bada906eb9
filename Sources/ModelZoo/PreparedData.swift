import Datasets
import Foundation
import NeuralNetworks

/// A classification or regression data set made ready for training and evaluation: train,
/// validation and test parts, with features (and regression targets) standardised by training
/// statistics.
public struct PreparedData: Sendable {
    public var info: DatasetInfo
    public var train: LabeledData
    public var validation: LabeledData?
    public var test: LabeledData
    /// Classes, or for regression the number of target values per sample.
    public var classes: Int
    public var normalization: Normalization
    /// The targets' standardisation (regression only): the model predicts standardised values.
    public var targetNormalization: Normalization?
    public var isRegression: Bool { targetNormalization != nil }
    /// For forecasting: the series and how it was cut into windows (nil otherwise).
    public var forecast: ForecastSeries?
    public var sampleShape: [Int] { Array(train.features.shape.dropFirst()) }

    /// Loads `name` and splits it: the source's test part when it has one, else a seeded
    /// stratified `testFraction`; then `validationFraction` of the rest for validation.
    /// `normalization` (from a checkpoint) is reused; otherwise one is fitted on the training part.
    /// A user's own data (`csv:PATH`, `npy:X.npy,y.npy`, see `UserData`) takes `labelColumn`.
    public static func load(_ name: String, dataDir: URL?, testFraction: Double, validationFraction: Double, seed: UInt64,
                     normalization stored: Normalization? = nil, targetNormalization storedTargets: Normalization? = nil,
                     labelColumn: String? = nil, task: DatasetTask? = nil) throws -> PreparedData {
        let data = UserData.isUserData(name)
            ? try UserData.load(name, labelColumn: labelColumn, task: task)
            : try DatasetRegistry.load(name, dataDir: dataDir)
        let regression = data.info.task == .regression && data.train.targets != nil
        guard data.info.task != .forecasting else {
            throw ModelZooError("\(name) is a series to forecast: pass --task forecast --window W [--horizon H]")
        }
        guard data.info.task == .classification || regression else {
            throw ModelZooError("\(name) is a \(data.info.task.rawValue) data set; quanta train and eval take classification sets: "
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
        try checkNotEmpty(name, at: data.info.location, train: train.count, test: test.count)
        // Too few samples for any validation: the run has none, rather than an empty one marked best.
        if validation?.count == 0 { validation = nil }
        // A checkpoint's statistics come from a file (and may be for another data set): checked, not trusted.
        if let stored {
            let shape = train.features.shape, axis = stored.channelAxis
            guard axis >= 1, axis < shape.count, shape[axis] == stored.mean.count, stored.std.count == stored.mean.count,
                  stored.mean.allSatisfy(\.isFinite), stored.std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw ModelZooError("\(name) has samples \(Array(shape.dropFirst())); the checkpoint's input standardisation "
                    + "(\(stored.mean.count) channels on axis \(axis)) does not fit them, or is damaged")
            }
        }
        // Standardised by training statistics: per feature for tables and series, per channel for images.
        let normalization = stored ?? Normalization.fit(train.features, channelAxis: 1)
        let targetNormalization = regression ? storedTargets ?? Normalization.fit(targetMatrix(train), channelAxis: 1) : nil
        func labeled(_ split: DataSplit) -> LabeledData {
            let x = normalization.apply(split.features)
            guard let targetNormalization else { return LabeledData(features: x, labels: split.labels) }
            return LabeledData(features: x, targets: targetNormalization.apply(targetMatrix(split)))
        }
        let classes = regression ? targetMatrix(train).shape[1]
            : (data.info.classes?.count).map { Swift.max($0, (data.train.labels.max() ?? 0) + 1) } ?? ((data.train.labels.max() ?? 0) + 1)
        return PreparedData(info: data.info, train: labeled(train), validation: validation.map(labeled), test: labeled(test),
                            classes: classes, normalization: normalization, targetNormalization: targetNormalization)
    }

    /// A split's regression targets as [N, outputs].
    static func targetMatrix(_ split: DataSplit) -> Tensor<Float> {
        let t = split.targets!
        return t.reshaped([split.count, t.count / Swift.max(split.count, 1)])
    }

    /// Training and test parts must hold samples: a run on nothing would report 0 % as a result.
    static func checkNotEmpty(_ name: String, at folder: String, train: Int, test: Int) throws {
        guard train == 0 || test == 0 else { return }
        let part = train == 0 ? "training" : "test"
        throw DatasetError.invalidArgument("\(name) (read from \(folder)) has no \(part) samples: "
            + "\(train) training and \(test) test samples after the split")
    }
}
