/// How gradients pass through the rounding of fake quantization.
public enum FakeQuantEstimator: String, Sendable, CaseIterable, Codable {
    /// Straight-through: ∂y/∂x = 1 everywhere.
    case ste
    /// Clipped straight-through: ∂y/∂x = 1 where x lies inside the representable range
    /// [(qmin − z)·s, (qmax − z)·s], 0 where it was clamped.
    case clippedSTE
}

/// Fake quantization as an autodiff op: the value is dequantize(quantize(x)) under `p`
/// (any granularity), the gradient follows `estimator`. Built from existing primitives
/// (y = m⊙x + const(fq(x) − m⊙x) with the constant mask m), so no new gradient rule is needed.
/// O(count).
public func fakeQuantize(_ x: Variable<Float>, _ p: QuantizationParameters, estimator: FakeQuantEstimator = .clippedSTE) -> Variable<Float> {
    let value = p.fakeQuantize(x.value)
    switch estimator {
    case .ste:
        return x + Variable(value - x.value)
    case .clippedSTE:
        let map = GroupMap(p.scheme, p.shape)
        let qmin = p.scheme.qmin, qmax = p.scheme.qmax
        let lower = zip(p.scales, p.zeroPoints).map { Float(qmin - $1) * $0 }, upper = zip(p.scales, p.zeroPoints).map { Float(qmax - $1) * $0 }
        let mask = Tensor<Float>(shape: x.shape, scalars: x.value.scalars.enumerated().map { i, v in
            let j = map.group(of: i)
            return v >= lower[j] && v <= upper[j] ? 1 : 0
        })
        let passed = x * mask
        return passed + Variable(value - passed.value)
    }
}

/// Learned step size quantization (LSQ, Esser et al. 2019) with zero point 0:
/// v̂ = round(clamp(v/s, −Q_N, Q_P))·s, where `scale` s is a trainable variable broadcastable to
/// v (shape [1] or [C, 1, …] for per-channel). Gradients (round passed straight through):
/// ∂v̂/∂v = 1 inside the range, 0 outside; ∂v̂/∂s = (round(v/s) − v/s) inside, −Q_N or Q_P at
/// the clip, each multiplied by `gradScale` (the paper's g = 1/√(N·Q_P)). O(count).
public func lsqFakeQuantize(_ v: Variable<Float>, scale: Variable<Float>, qmin: Int32, qmax: Int32, gradScale: Float) -> Variable<Float> {
    // s' has the value of s and gradient g·∂/∂s: s' = g·s + const((1 − g)·s).
    let scaled = scale * gradScale
    let s = scaled + Variable(scale.value - scaled.value)
    let clipped = (v / s).clamped(Float(qmin), Float(qmax))
    let rounded = clipped + Variable(clipped.value.scalars.map { $0.rounded() }.tensor(like: clipped.value) - clipped.value)
    return rounded * s
}

/// LSQ's initial step size 2⟨|v|⟩/√Q_P (per row for a per-channel scale of shape [C, 1, …]).
public func lsqInitialScale(_ v: Tensor<Float>, qmax: Int32, perChannel: Bool) -> Tensor<Float> {
    let rows = perChannel ? v.shape[0] : 1
    let per = v.count / Swift.max(rows, 1)
    let values = (0..<rows).map { r -> Float in
        let mean = v.scalars[(r * per)..<((r + 1) * per)].reduce(0) { $0 + abs($1) } / Float(Swift.max(per, 1))
        return Swift.max(2 * mean / Float(qmax).squareRoot(), 1e-8)
    }
    return Tensor(shape: perChannel ? [rows] + [Int](repeating: 1, count: v.rank - 1) : [1], scalars: values)
}

extension Array where Element == Float {
    /// These values with another tensor's shape.
    func tensor(like t: Tensor<Float>) -> Tensor<Float> { Tensor(shape: t.shape, scalars: self) }
}
