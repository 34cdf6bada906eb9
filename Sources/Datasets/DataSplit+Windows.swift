import Tensor

/// Supervised pairs from one long series (forecasting data sets).
extension DataSplit {
    /// Sliding windows over a series stored as features [T, C]: each sample is `length`
    /// consecutive steps, its target the `horizon` steps after them.
    ///
    /// Shapes: features [N, length] and targets [N, horizon] when C = 1, else
    /// [N, length, C] and [N, horizon, C]; N = ⌊(T − length − horizon) / stride⌋ + 1.
    /// - Throws: `DatasetError.invalidArgument` if the series is shorter than one window.
    public func windows(length: Int, horizon: Int = 1, stride: Int = 1) throws -> DataSplit {
        guard features.rank == 2 else { throw DatasetError.invalidArgument("windows: need a series [T, channels], got shape \(features.shape)") }
        guard length > 0, horizon >= 0, stride > 0 else {
            throw DatasetError.invalidArgument("windows: length \(length), horizon \(horizon), stride \(stride) must be positive (horizon ≥ 0)")
        }
        let steps = features.shape[0], channels = features.shape[1]
        guard steps >= length + horizon else {
            throw DatasetError.invalidArgument("windows: a series of \(steps) steps is shorter than one window of \(length) + \(horizon)")
        }
        let n = (steps - length - horizon) / stride + 1
        let x = features.scalars
        var inputs = [Float](); inputs.reserveCapacity(n * length * channels)
        var outputs = [Float](); outputs.reserveCapacity(n * horizon * channels)
        for i in 0..<n {
            let start = i * stride * channels
            inputs += x[start..<(start + length * channels)]
            outputs += x[(start + length * channels)..<(start + (length + horizon) * channels)]
        }
        let tail = channels == 1 ? [] : [channels]
        return DataSplit(features: Tensor(shape: [n, length] + tail, scalars: inputs),
                         targets: Tensor(shape: [n, horizon] + tail, scalars: outputs))
    }
}
