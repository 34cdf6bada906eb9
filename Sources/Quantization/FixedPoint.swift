import Foundation

/// QFX-style fixed point (Dai et al. 2024; papers.md §C8): a signed W-bit value with F fractional
/// bits, x̂ = clamp(round(x·2^F), −2^(W−1), 2^(W−1) − 1)·2^−F. The binary point F is a trainable
/// parameter p (F = round(p) in the forward pass, straight through), its gradient LSQ's for the
/// step 2^−F; with `learnable` false it stays at its start (a fixed Q-format). p is stored as
/// p/`pointScale`, so an optimiser whose steps suit the weights (Adam moves each parameter by
/// about its rate) moves p `pointScale` times faster: F has to travel whole bits.
public final class FixedPointQuantizer: StatelessLayer {
    public typealias Scalar = Float
    public let bits: Int
    /// p / pointScale, the trained variable.
    public let raw: Variable<Float>
    public let learnable: Bool
    public static let pointScale: Float = 100

    public init(bits: Int, fractionalBits: Int, learnable: Bool) {
        self.bits = bits
        raw = Variable(Tensor([Float(fractionalBits) / Self.pointScale]), requiresGrad: learnable)
        self.learnable = learnable
    }

    /// The continuous binary point p.
    public var point: Variable<Float> { raw * Self.pointScale }

    /// The current number of fractional bits.
    public var fractionalBits: Int { Int((raw.value.scalars[0] * Self.pointScale).rounded()) }

    public var namedParameters: [(name: String, variable: Variable<Float>)] { learnable ? [("point", raw)] : [] }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        Self.quantize(x, bits: bits, point: point)
    }

    /// x̂ with the step 2^−round(p): p passes straight through its rounding.
    static func quantize(_ x: Variable<Float>, bits: Int, point: Variable<Float>) -> Variable<Float> {
        let nearest = Tensor(shape: point.shape, scalars: point.value.scalars.map { $0.rounded() })
        let rounded = point + Variable(nearest - point.value)
        let step = (rounded * Float(-M_LN2)).exp()
        let qmax = Int32(1) << (bits - 1)
        return lsqFakeQuantize(x, scale: step.reshaped([1]), qmin: -qmax, qmax: qmax - 1,
                               gradScale: 1 / (Float(x.value.count) * Float(qmax - 1)).squareRoot())
    }
}

/// A Linear or Conv2D computing with a fixed-point weight (its own learnable binary point) and,
/// in multiplier-free mode, every weight rounded to a sum of at most `terms` signed powers of two.
public final class FixedPointAffine: Layer {
    public typealias Scalar = Float
    public let weight: Variable<Float>
    public let bias: Variable<Float>?
    public let convolution: Conv2DConfig?
    public let weightPoint: FixedPointQuantizer
    /// Powers of two per weight in multiplier-free mode (nil: plain fixed point).
    public var terms: Int?
    public var isTraining = true

    /// Shares `layer`'s variables; the point starts where the largest weight just fits.
    public init(_ layer: any Quantizable, bits: Int, learnable: Bool, fractionalBits: Int? = nil) {
        let variables = Dictionary(layer.namedParameters.map { ($0.name, $0.variable) }, uniquingKeysWith: { a, _ in a })
        weight = variables["weight"]!
        bias = variables["bias"]
        convolution = layer.affineParts.convolution
        let largest = weight.value.abs().max().scalar
        let fitting = bits - 1 - Int(Foundation.log2(Double(Swift.max(largest, 1e-12))).rounded(.up))
        weightPoint = FixedPointQuantizer(bits: bits, fractionalBits: fractionalBits ?? fitting, learnable: learnable)
    }

    public var namedParameters: [(name: String, variable: Variable<Float>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) + weightPoint.namedParameters.map { ("weight_\($0.name)", $0.variable) }
    }

    /// The weight as the forward pass sees it.
    public func quantizedWeight() -> Variable<Float> {
        let fixed = weightPoint(weight)
        guard let terms else { return fixed }
        let shifted = Variable(PowersOfTwo.round(fixed.value, terms: terms, fractionalBits: weightPoint.fractionalBits) - fixed.value)
        return fixed + shifted
    }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let w = quantizedWeight()
        if let convolution { return conv2d(x, w, bias: bias, convolution) }
        let y = x.matmul(w, transposeOther: true)
        return bias.map { y + $0 } ?? y
    }
}

/// Multiplier-free weights: each value as the sum of at most `terms` signed powers of two 2^e,
/// e ≥ −fractionalBits, chosen greedily (the largest power not above the remainder's magnitude,
/// or the next one when nearer), so a product is `terms` shifts and adds.
public enum PowersOfTwo {
    public static func round(_ x: Tensor<Float>, terms: Int, fractionalBits: Int) -> Tensor<Float> {
        Tensor(shape: x.shape, scalars: x.scalars.map { approximate($0, terms: terms, fractionalBits: fractionalBits) })
    }

    /// Greedy signed-power-of-two expansion of `value`.
    public static func approximate(_ value: Float, terms: Int, fractionalBits: Int) -> Float {
        var remainder = value, result: Float = 0
        let smallest = Foundation.pow(2, Float(-fractionalBits))
        for _ in 0..<terms {
            let magnitude = Swift.abs(remainder)
            guard magnitude >= smallest / 2 else { break }
            let lower = Swift.max(Foundation.pow(2, Foundation.floor(Foundation.log2(magnitude))), smallest)
            let term = magnitude - lower <= 2 * lower - magnitude ? lower : 2 * lower
            let signed = remainder < 0 ? -term : term
            result += signed
            remainder -= signed
        }
        return result
    }
}

/// QFX on a whole model: every Linear/Conv2D computes with fixed-point weights
/// (`FixedPointAffine`) from a fixed-point input, and the element-wise layers are quantized too —
/// each BatchNorm's output and each residual sum (before its activation). All points start at
/// `fractionalBits` (a Q-format) and are learned unless `learnable` is false; the wrappers
/// share the model's variables.
public struct QFX: Sendable {
    public var bits = 8
    public var fractionalBits = 4
    public var learnable = true
    /// Multiplier-free weights: powers of two per weight (nil: plain fixed point).
    public var terms: Int?

    public init() {}

    /// The wrapped model and its quantizers (activations and weights).
    public func wrap(_ model: Sequential<Float>) -> (model: Sequential<Float>, points: [FixedPointQuantizer]) {
        var points: [FixedPointQuantizer] = []
        let point = { () -> FixedPointQuantizer in
            let q = FixedPointQuantizer(bits: bits, fractionalBits: fractionalBits, learnable: learnable)
            points.append(q)
            return q
        }
        let wrapped = model.mappingLeaves { path, leaf -> (any Layer<Float>)? in
            if let layer = leaf as? any Quantizable {
                let affine = FixedPointAffine(layer, bits: bits, learnable: learnable, fractionalBits: fractionalBits)
                affine.terms = terms
                points.append(affine.weightPoint)
                return Sequential<Float>(point(), affine)
            }
            if leaf is BatchNorm<Float> { return Sequential<Float>(leaf, point()) }
            if path.hasSuffix(".activation") { return Sequential<Float>(point(), leaf) }
            return nil
        }
        return (wrapped, points)
    }
}

extension QFX {
    /// Fine-tunes a wrapped model (`wrap`): Adam on every parameter (weights and, when learnable,
    /// the binary points) for `epochs` epochs (may be fractional), BatchNorm on batch statistics
    /// as in any QAT; evaluation mode afterwards. `progress(step, steps, loss)` every 50 steps.
    public func fineTune(_ wrapped: Sequential<Float>, data: LabeledData, epochs: Double, learningRate: Double, batchSize: Int,
                         seed: UInt64 = 0, progress: @escaping (Int, Int, Double) -> Void = { _, _, _ in }) throws {
        let trainer = Trainer(model: wrapped, optimizer: Adam(wrapped.parameters, learningRate: learningRate), batchSize: batchSize,
                              seed: seed)
        var options = FitOptions(epochs: Int(epochs.rounded(.up)))
        let steps = Swift.max(1, Int(epochs * Double(data.count) / Double(batchSize)))
        options.maxSteps = steps
        options.onBatch = { _, _, _, loss in
            if trainer.state.step % 50 == 0 { progress(trainer.state.step, steps, loss) }
        }
        try trainer.fit(data, options: options)
        wrapped.isTraining = false
    }
}
