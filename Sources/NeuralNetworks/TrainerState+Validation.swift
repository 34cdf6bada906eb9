extension TrainerState {
    /// The first counter that cannot come from a run (negative, or not finite), or nil.
    public var problem: String? {
        let counters = [("epoch", epoch), ("step", step), ("batchInEpoch", batchInEpoch), ("correct", correct),
                        ("seen", seen), ("bestEpoch", bestEpoch), ("epochsWithoutImprovement", epochsWithoutImprovement)]
        if let (name, value) = counters.first(where: { $0.1 < 0 }) { return "field '\(name)' = \(value) is negative" }
        if !lossSum.isFinite { return "field 'lossSum' = \(lossSum) is not finite" }
        if !(bestAccuracy.isFinite && bestAccuracy <= 1) { return "field 'bestAccuracy' = \(bestAccuracy) is not in [-1, 1]" }
        if bestEpoch > epoch { return "field 'bestEpoch' = \(bestEpoch) is after epoch \(epoch)" }
        return nil
    }
}
