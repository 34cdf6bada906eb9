/// `Trainer.fit` stopped because the training loss became NaN or infinite; nothing was written
/// after that step, so the last checkpoint holds the model from before.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable {
    /// 0-based epoch and the optimizer step count when it was noticed.
    public var epoch: Int, step: Int
    public var loss: Double
    public var description: String {
        "training diverged: the loss became \(loss) in epoch \(epoch + 1) at step \(step); the last checkpoint (if any) "
            + "is from before that; try a lower learning rate or gradient clipping"
    }
}
