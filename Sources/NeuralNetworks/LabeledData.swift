/// Features [N, …] and their N integer labels.
public struct LabeledData: Sendable {
    public var features: Tensor<Float>
    public var labels: [Int]
    public init(features: Tensor<Float>, labels: [Int]) {
        precondition(features.shape.first == labels.count, "LabeledData: \(features.shape) features for \(labels.count) labels")
        self.features = features; self.labels = labels
    }
    public var count: Int { labels.count }
}
