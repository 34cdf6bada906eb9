import Foundation
import Tensor

/// What a data set's targets are.
public enum DatasetTask: String, Sendable, Codable {
    /// Integer class labels in `DataSplit.labels`.
    case classification
    /// Real-valued targets in `DataSplit.targets`.
    case regression
    /// One long series in `DataSplit.features` ([T, channels]); make supervised pairs with
    /// `DataSplit.windows(length:horizon:)`.
    case forecasting
}

/// A set of samples: features, plus labels (classification) or targets (regression).
public struct DataSplit: Sendable, Equatable {
    /// The samples, [N, …]: axis 0 indexes samples (time steps for a forecasting series).
    public var features: Tensor<Float>
    /// Class indices, one per sample, for classification; empty otherwise.
    public var labels: [Int]
    /// Real-valued targets [N, …] for regression / windowed forecasting; nil otherwise.
    public var targets: Tensor<Float>?

    /// A split; `labels` (when not empty) and `targets` (when given) must have N entries.
    public init(features: Tensor<Float>, labels: [Int] = [], targets: Tensor<Float>? = nil) {
        precondition(features.rank >= 1, "DataSplit: features need a sample axis, got shape \(features.shape)")
        precondition(labels.isEmpty || labels.count == features.shape[0],
                     "DataSplit: \(labels.count) labels for features of shape \(features.shape)")
        precondition(targets == nil || targets!.shape.first == features.shape[0],
                     "DataSplit: targets of shape \(targets!.shape) for features of shape \(features.shape)")
        self.features = features
        self.labels = labels
        self.targets = targets
    }

    /// Number of samples N.
    public var count: Int { features.shape[0] }

    /// The shape of one sample (features.shape without axis 0).
    public var sampleShape: [Int] { Array(features.shape.dropFirst()) }

    /// The samples at `indices`, in that order (repeats allowed). O(|indices| × sample size).
    public func gather(_ indices: [Int]) -> DataSplit {
        DataSplit(features: Self.gatherRows(features, indices),
                  labels: labels.isEmpty ? [] : indices.map { labels[$0] },
                  targets: targets.map { Self.gatherRows($0, indices) })
    }

    /// Rows `indices` of axis 0 of `tensor`.
    package static func gatherRows(_ tensor: Tensor<Float>, _ indices: [Int]) -> Tensor<Float> {
        let n = tensor.shape[0]
        let row = n == 0 ? Tensor<Float>.count(of: Array(tensor.shape.dropFirst())) : tensor.count / n
        var shape = tensor.shape
        shape[0] = indices.count
        return tensor.withUnsafeBufferPointer { src in
            Tensor(shape: shape) { dst in
                for (k, i) in indices.enumerated() {
                    precondition(i >= 0 && i < n, "DataSplit.gather: index \(i) out of range 0..<\(n)")
                    (dst + k * row).update(from: src.baseAddress! + i * row, count: row)
                }
            }
        }
    }
}

/// Facts about a data set, for `quanta datasets info` and for reports.
public struct DatasetInfo: Sendable, Codable, Equatable {
    /// The registry name (also the folder name under a data root).
    public var name: String
    /// A one-line description.
    public var title: String
    /// Classification, regression or forecasting.
    public var task: DatasetTask
    /// Class names in label order (classification), else nil.
    public var classes: [String]?
    /// The shape of one sample as loaded.
    public var sampleShape: [Int]
    /// Samples in the training part (time steps for a forecasting series).
    public var trainCount: Int
    /// Samples in the source's own test part, or nil when the source defines none.
    public var testCount: Int?
    /// Where the data comes from (paper, archive, package).
    public var source: String
    /// The license of the data.
    public var license: String
    /// The folder the files were read from.
    public var location: String
}

/// A loaded data set: its training part, its test part when the source defines one, and
/// its `info`.
public struct Dataset: Sendable {
    /// Facts about the data set.
    public var info: DatasetInfo
    /// The training part (all the data when the source defines no split).
    public var train: DataSplit
    /// The test part as the source defines it; nil for sets without one (iris, wine, …;
    /// make one with `DataSplit.split(validationFraction:seed:)`).
    public var test: DataSplit?

    /// A data set from its parts.
    public init(info: DatasetInfo, train: DataSplit, test: DataSplit?) {
        self.info = info
        self.train = train
        self.test = test
    }
}
