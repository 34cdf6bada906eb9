/// The calibration images a post-training quantizer observes.
public enum Calibration {
    /// `count` batches of `batchSize` rows of `features` [N, …] (fewer when N runs out), taken in a
    /// permutation drawn from `seed`.
    public static func batches(_ features: Tensor<Float>, count: Int, batchSize: Int = 32, seed: UInt64) -> [Tensor<Float>] {
        let n = features.shape.first ?? 0
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(n)
        return stride(from: 0, to: Swift.min(count * batchSize, n), by: batchSize).map {
            features.gatherRows(Array(order[$0..<Swift.min($0 + batchSize, n)]))
        }
    }
}
