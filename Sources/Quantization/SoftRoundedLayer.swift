/// A Linear or Conv2D whose weight rounding is learned (AdaRound): with per-channel or per-tensor
/// scales s and codes ⌊W/s⌋, the weight is W̃ = s·clamp(⌊W/s⌋ + h(V), qmin, qmax), where
/// h(V) = clamp(σ(V)·(ζ − γ) + γ, 0, 1), ζ = 1.1, γ = −0.1 (the rectified sigmoid) and V is
/// trainable, initialised so that h(V) = W/s − ⌊W/s⌋ (W̃ = W inside the range). The input passes
/// the layer's `InputQuantizer` first (clipped STE). `hardCodes()` rounds up where h ≥ ½.
final class SoftRoundedLayer: Layer {
    typealias Scalar = Float
    let v: Variable<Float>
    let floors: Tensor<Float>
    let scales: Tensor<Float>
    let parameters: QuantizationParameters
    let bias: Tensor<Float>?
    let convolution: Conv2DConfig?
    let input: InputQuantizer?
    /// How `weight()` rounds: softly (training), by the learned hard decision, or to nearest.
    enum Mode { case soft, learned, nearest }
    var mode = Mode.soft
    /// W/s − ⌊W/s⌋ of every weight: rounding to nearest goes up where it is ≥ ½.
    let rests: Tensor<Float>
    var isTraining = true
    static let zeta: Float = 1.1
    static let gamma: Float = -0.1

    /// `parameters`: the weight's scheme and scales on the [N, K] matrix (symmetric, zero point 0).
    init(_ layer: any Quantizable, parameters: QuantizationParameters, input: InputQuantizer?) {
        let parts = layer.affineParts
        let shape = parts.weight.shape
        let matrix = layer.weightMatrix
        let perRow = parameters.scales.count == matrix.shape[0]
        let scaleShape = [shape[0]] + [Int](repeating: 1, count: shape.count - 1)
        scales = perRow ? Tensor(shape: scaleShape, scalars: parameters.scales)
                        : Tensor(shape: [Int](repeating: 1, count: shape.count), scalars: parameters.scales)
        let ratio = parts.weight / scales
        let floorValues = ratio.scalars.map { $0.rounded(.down) }
        floors = Tensor(shape: shape, scalars: floorValues)
        rests = Tensor(shape: shape, scalars: Swift.zip(ratio.scalars, floorValues).map { $0 - $1 })
        let start = Swift.zip(ratio.scalars, floorValues).map { w, f -> Float in
            let rest = Swift.min(Swift.max(w - f, 0.01), 0.99)
            let p = (rest - Self.gamma) / (Self.zeta - Self.gamma)
            return Float.log(p / (1 - p))
        }
        v = Variable(Tensor(shape: shape, scalars: start), requiresGrad: true)
        self.parameters = parameters
        bias = parts.bias
        convolution = parts.convolution
        self.input = input
    }

    /// h(V) ∈ [0, 1].
    func rectified() -> Variable<Float> {
        (v.sigmoid() * (Self.zeta - Self.gamma) + Self.gamma).clamped(0, 1)
    }

    /// The rounded weight under `mode`.
    func weight() -> Variable<Float> {
        let up: Variable<Float>
        switch mode {
        case .soft: up = rectified()
        case .learned: up = Variable(rectified().value.map(.insideMask(0.5, 2)))
        case .nearest: up = Variable(rests.map(.insideMask(0.5, 2)))
        }
        let codes = (Variable(floors) + up).clamped(Float(parameters.scheme.qmin), Float(parameters.scheme.qmax))
        return codes * Variable(scales)
    }

    /// Σ (1 − |2h − 1|^β): zero when every h is 0 or 1.
    func roundingPenalty(beta: Float) -> Variable<Float> {
        (1 - (rectified() * 2 - 1).abs().pow(beta)).sum()
    }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        var h = x
        if let input {
            let p = try? QuantizationParameters(scheme: input.parameters.scheme, shape: x.shape, scales: input.parameters.scales,
                                                zeroPoints: input.parameters.zeroPoints)
            h = p.map { fakeQuantize(x, $0, estimator: .clippedSTE) } ?? x
        }
        let w = weight()
        if let convolution { return conv2d(h, w, bias: bias.map { Variable($0) }, convolution) }
        let y = h.matmul(w, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }

    var namedParameters: [(name: String, variable: Variable<Float>)] { [("rounding", v)] }

    /// The learned codes: ⌊W/s⌋ + [h ≥ ½], clamped, row-major over the [N, K] matrix.
    func hardCodes() -> [Int32] {
        let h = rectified().value.scalars
        let (lo, hi) = (parameters.scheme.qmin, parameters.scheme.qmax)
        return Swift.zip(floors.scalars, h).map { f, r in Swift.min(Swift.max(Int32(f) + (r >= 0.5 ? 1 : 0), lo), hi) }
    }
}
