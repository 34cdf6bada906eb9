import Tensor

/// Per-channel standardisation `(x − mean_c) / std_c`, fitted on training data and then
/// applied unchanged to validation and test data.
///
/// The channel axis is axis 1 by default: features of [N, F] tables, channels of
/// [N, C, H, W] images, channels of a [T, C] series.
public struct Normalization: Sendable, Codable, Equatable {
    /// Mean of each channel.
    public var mean: [Float]
    /// Standard deviation of each channel (population; 1 where the channel is constant, so
    /// a constant channel maps to 0 instead of dividing by zero).
    public var std: [Float]
    /// The axis indexing channels.
    public var channelAxis: Int

    /// Known statistics, e.g. MNIST's `Normalization(mean: [0.1307], std: [0.3081])`.
    public init(mean: [Float], std: [Float], channelAxis: Int = 1) {
        precondition(mean.count == std.count, "Normalization: \(mean.count) means, \(std.count) stds")
        self.mean = mean
        self.std = std
        self.channelAxis = channelAxis
    }

    /// Statistics of `x` per channel, over all other axes; O(x.count), accumulated in Double.
    public static func fit(_ x: Tensor<Float>, channelAxis: Int = 1) -> Normalization {
        precondition(channelAxis >= 0 && channelAxis < x.rank, "Normalization.fit: axis \(channelAxis) out of range for shape \(x.shape)")
        let (outer, channels, inner) = layout(x.shape, channelAxis)
        var sum = [Double](repeating: 0, count: channels), sumSq = sum
        x.withUnsafeBufferPointer { p in
            for o in 0..<outer {
                for c in 0..<channels {
                    let base = (o * channels + c) * inner
                    var s = 0.0, q = 0.0
                    for i in 0..<inner { let v = Double(p[base + i]); s += v; q += v * v }
                    sum[c] += s; sumSq[c] += q
                }
            }
        }
        let n = Double(max(outer * inner, 1))
        let mean = sum.map { $0 / n }
        let std = zip(sumSq, mean).map { q, m -> Float in
            let variance = max(q / n - m * m, 0)
            return variance > 1e-24 ? Float(variance.squareRoot()) : 1
        }
        return Normalization(mean: mean.map { Float($0) }, std: std, channelAxis: channelAxis)
    }

    /// `x` standardised; its channel axis must have `mean.count` entries.
    public func apply(_ x: Tensor<Float>) -> Tensor<Float> {
        precondition(channelAxis < x.rank && x.shape[channelAxis] == mean.count,
                     "Normalization.apply: shape \(x.shape) has no axis \(channelAxis) of \(mean.count) channels")
        let (outer, channels, inner) = Self.layout(x.shape, channelAxis)
        let scale = std.map { 1 / $0 }
        var y = x
        y.withUnsafeMutableBufferPointer { p in
            for o in 0..<outer {
                for c in 0..<channels {
                    let base = (o * channels + c) * inner, m = mean[c], s = scale[c]
                    for i in 0..<inner { p[base + i] = (p[base + i] - m) * s }
                }
            }
        }
        return y
    }

    /// Undoes `apply` (for reporting forecasts in the original units).
    public func invert(_ y: Tensor<Float>) -> Tensor<Float> {
        let inverse = Normalization(mean: zip(mean, std).map { -$0 / $1 }, std: std.map { 1 / $0 }, channelAxis: channelAxis)
        return inverse.apply(y)
    }

    static func layout(_ shape: [Int], _ axis: Int) -> (outer: Int, channels: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
