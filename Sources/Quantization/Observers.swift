/// Turns calibration data into a range (and so into scales and zero points) for one tensor.
/// Observers of activations are per tensor; feed them every calibration batch, then ask for
/// the parameters of a scheme.
public protocol Observer {
    /// Records one batch of values.
    mutating func observe(_ x: Tensor<Float>)
    /// The chosen range [min, max] (includes what the observer decided to clip).
    func range(for scheme: QuantizationScheme) -> (min: Float, max: Float)
}

extension Observer {
    /// Per-tensor parameters of `scheme` for the chosen range.
    public func parameters(for scheme: QuantizationScheme, shape: [Int] = []) throws -> QuantizationParameters {
        let r = range(for: scheme)
        let one = try QuantizationScheme(bits: scheme.bits, signed: scheme.isSigned, symmetric: scheme.isSymmetric, granularity: .perTensor)
        return try QuantizationParameters(scheme: one, shape: shape, minimums: [r.min], maximums: [r.max])
    }
}

/// The observers by name, as the CLI's `--observer` spells them.
public enum ObserverKind: String, Sendable, CaseIterable, Codable {
    case minmax, ema, percentile, mse, entropy

    /// A fresh observer of this kind with its default settings (EMA constant 0.01,
    /// percentile 99.99, 2048 histogram bins per sign).
    public func make() -> any Observer {
        switch self {
        case .minmax: return MinMaxObserver()
        case .ema: return MovingAverageMinMaxObserver()
        case .percentile: return HistogramObserver(method: .percentile(99.99))
        case .mse: return HistogramObserver(method: .mse)
        case .entropy: return HistogramObserver(method: .entropy)
        }
    }
}

/// The running minimum and maximum of everything seen.
public struct MinMaxObserver: Observer {
    public private(set) var minimum = Float.infinity, maximum = -Float.infinity
    public init() {}
    public mutating func observe(_ x: Tensor<Float>) {
        let (lo, hi) = extrema(x)
        minimum = Swift.min(minimum, lo); maximum = Swift.max(maximum, hi)
    }
    public func range(for scheme: QuantizationScheme) -> (min: Float, max: Float) {
        minimum <= maximum ? (minimum, maximum) : (0, 0)
    }
}

/// Exponential moving average of each batch's min and max (PyTorch MovingAverageMinMaxObserver):
/// m ← m + c·(batch − m), the first batch taken as is.
public struct MovingAverageMinMaxObserver: Observer {
    public let averagingConstant: Float
    public private(set) var minimum: Float?, maximum: Float?
    public init(averagingConstant: Float = 0.01) {
        precondition(averagingConstant > 0 && averagingConstant <= 1, "MovingAverageMinMaxObserver: constant \(averagingConstant) outside (0, 1]")
        self.averagingConstant = averagingConstant
    }
    public mutating func observe(_ x: Tensor<Float>) {
        guard x.count > 0 else { return }
        let (lo, hi) = extrema(x)
        minimum = minimum.map { $0 + averagingConstant * (lo - $0) } ?? lo
        maximum = maximum.map { $0 + averagingConstant * (hi - $0) } ?? hi
    }
    public func range(for scheme: QuantizationScheme) -> (min: Float, max: Float) { (minimum ?? 0, maximum ?? 0) }
}

/// (min, max) of a tensor in one pass.
func extrema(_ x: Tensor<Float>) -> (Float, Float) {
    x.withUnsafeBufferPointer { p in
        var lo = Float.infinity, hi = -Float.infinity
        for v in p { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        return (lo, hi)
    }
}
