/// Features [N, …] with N integer class labels (classification), or N real-valued targets
/// [N, outputs] (regression; `labels` is then empty).
public struct LabeledData: Sendable {
    public var features: Tensor<Float>
    public var labels: [Int]
    /// Regression targets [N, outputs]; nil for classification.
    public var targets: Tensor<Float>?

    /// Classification data.
    public init(features: Tensor<Float>, labels: [Int]) {
        precondition(features.shape.first == labels.count, "LabeledData: \(features.shape) features for \(labels.count) labels")
        self.features = features
        self.labels = labels
    }

    /// Regression data: `targets` [N, outputs].
    public init(features: Tensor<Float>, targets: Tensor<Float>) {
        precondition(targets.rank == 2 && features.shape.first == targets.shape[0],
                     "LabeledData: \(features.shape) features for targets \(targets.shape)")
        self.features = features
        self.labels = []
        self.targets = targets
    }

    public var count: Int { features.shape.first ?? 0 }

    /// Whether the data has regression targets.
    public var isRegression: Bool { targets != nil }
}

extension LabeledData {
    /// The first `count` samples (all when fewer) in batches of `size`, with their labels: the
    /// fixed batches a Hessian probe or a calibration pass walks.
    public func leadingBatches(_ count: Int, size: Int = 64) -> [(inputs: Tensor<Float>, labels: [Int])] {
        let n = Swift.min(count, self.count)
        return stride(from: 0, to: n, by: Swift.max(size, 1)).map { start in
            let indices = Array(start..<Swift.min(start + size, n))
            return (features.gatherRows(indices), indices.map { labels[$0] })
        }
    }
}

extension LabeledData {
    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledData {
        let rows = features.gatherRows(indices)
        if let targets { return LabeledData(features: rows, targets: targets.gatherRows(indices)) }
        return LabeledData(features: rows, labels: indices.map { labels[$0] })
    }
}
