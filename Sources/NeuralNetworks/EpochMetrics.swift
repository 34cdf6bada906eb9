/// Loss and accuracy of one pass over a data set.
public struct EpochMetrics: Sendable, Codable, Equatable {
    /// Mean loss per sample.
    public var loss: Double
    /// Fraction classified correctly.
    public var accuracy: Double
    /// Samples seen.
    public var samples: Int
}
