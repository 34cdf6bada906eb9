import Foundation

/// NUPES / PowerQuant's non-uniform grid (Yvinec, Dapogny, Bailly; papers.md §C10): weights are
/// companded by x ↦ sign(x)|x|^a, quantized uniformly (signed symmetric, per output channel) and
/// expanded back by the inverse power, so a < 1 spends more levels near zero where most weights
/// lie. The exponent of each layer is searched on a grid against the layer's output error on
/// calibration inputs, then refined by gradient descent (straight-through rounding).
public struct PowerQuantization: Sendable {
    public var bits = 4
    /// Grid of exponents searched per layer.
    public var exponents: [Float] = stride(from: 0.3, through: 1.0, by: 0.05).map { Float($0) }
    /// Adam steps refining each layer's exponent (0: search only).
    public var refinementSteps = 100
    public var learningRate = 0.01
    public var seed: UInt64 = 0

    public init() {}

    /// Ŵ = sign(c)|c|^(1/a), c = s·clamp(round(sign(W)|W|^a / s)), s per output channel from the
    /// companded maximum. `weight` [N, K].
    public func quantize(_ weight: Tensor<Float>, exponent a: Float) throws -> Tensor<Float> {
        let companded = weight.map(.sign) * weight.abs().pow(a)
        let p = try QuantizationParameters.fitted(to: companded, scheme: .weights(bits: bits))
        let c = p.fakeQuantize(companded)
        return c.map(.sign) * c.abs().pow(1 / a)
    }

    /// The exponent-dependent weight as a differentiable function of `a` (rounding passed straight
    /// through, scales fixed at the current exponent's).
    func quantized(_ weight: Tensor<Float>, exponent a: Variable<Float>) throws -> Variable<Float> {
        let sign = Variable(weight.map(.sign))
        let magnitude = Variable(weight.abs() + 1e-12)
        let companded = sign * (magnitude.log() * a).exp()
        let p = try QuantizationParameters.fitted(to: companded.value, scheme: .weights(bits: bits))
        let rounded = companded + Variable(p.fakeQuantize(companded.value) - companded.value)
        let back = rounded.abs() + 1e-12
        return Variable(rounded.value.map(.sign)) * (back.log() * a.reciprocal()).exp()
    }

    /// Per layer of `model` (Linear, Conv2D): the exponent with the least output error on the
    /// layer's float inputs from `calibration`, refined by gradient; returns the model computing
    /// with the power-quantized weights (inputs float unless `activationBits` is given, then
    /// fake-quantized per tensor as in `MixedPrecisionQuantization`) and the exponents by path.
    public func quantize(_ model: Sequential<Float>, calibration: [Tensor<Float>], activationBits: Int? = nil,
                         log: (String) -> Void = { _ in }) throws -> (model: Sequential<Float>, exponents: [String: Float]) {
        let layers = quantizableLayers(of: model)
        let paths = Set(layers.map(\.path))
        let inputs = CapturedInputs.of(model, paths: paths, batches: Array(calibration.prefix(8)))
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        var observers: [String: any Observer] = [:]
        if activationBits != nil {
            observers = MixedPrecisionQuantization().observeInputs(of: model, paths: paths, batches: calibration)
        }
        var exponents: [String: Float] = [:]
        var replacements: [String: any Layer<Float>] = [:]
        for (path, layer) in layers {
            let x = Tensor.concatenated(inputs.values[path] ?? [], axis: 0)
            let a = try bestExponent(layer, inputs: x)
            exponents[path] = a
            let weight = try quantize(layer.weightMatrix, exponent: a).reshaped(layer.affineParts.weight.shape)
            replacements[path] = try withInputQuantizer(FixedWeightAffine(layer, weight: weight), bits: activationBits,
                                                        observer: observers[path])
            log(String(format: "nupes: %@ exponent %.3f", path, a))
        }
        return (model.mappingLeaves { path, _ in replacements[path] }, exponents)
    }

    /// Grid search then gradient refinement of one layer's exponent on its inputs `x`.
    func bestExponent(_ layer: any Quantizable, inputs x: Tensor<Float>) throws -> Float {
        let shape = layer.affineParts.weight.shape
        let target = affine(layer, x: Variable(x), weight: Variable(layer.affineParts.weight)).value
        var bestExponent = Float(1)
        var bestError = Float.infinity
        for a in exponents {
            let w = try quantize(layer.weightMatrix, exponent: a).reshaped(shape)
            let e = outputError(layer, weight: w, inputs: x, target: target)
            if e < bestError {
                bestExponent = a
                bestError = e
            }
        }
        guard refinementSteps > 0 else { return bestExponent }
        let a = Variable(Tensor<Float>([bestExponent]), requiresGrad: true)
        let optimizer = Adam([a], learningRate: learningRate)
        for _ in 0..<refinementSteps {
            let w = try quantized(layer.weightMatrix, exponent: a.reshaped([])).reshaped(shape)
            let loss = (affine(layer, x: Variable(x), weight: w) - Variable(target)).squared().mean()
            a.zeroGrad()
            loss.backward()
            optimizer.step()
            a.value = a.value.clamped(0.2, 1.2)
        }
        let refined = a.value.scalars[0]
        let w = try quantize(layer.weightMatrix, exponent: refined).reshaped(shape)
        return outputError(layer, weight: w, inputs: x, target: target) < bestError ? refined : bestExponent
    }

    /// Mean squared difference between the layer with `weight` on `x` and `target`.
    func outputError(_ layer: any Quantizable, weight: Tensor<Float>, inputs x: Tensor<Float>, target: Tensor<Float>) -> Float {
        (affine(layer, x: Variable(x), weight: Variable(weight)).value - target).squared().mean().scalar
    }

    /// The layer's affine map with `weight` as a variable.
    func affine(_ layer: any Quantizable, x: Variable<Float>, weight: Variable<Float>) -> Variable<Float> {
        let parts = layer.affineParts
        if let config = parts.convolution { return conv2d(x, weight, bias: parts.bias.map { Variable($0) }, config) }
        let y = x.matmul(weight, transposeOther: true)
        return parts.bias.map { y + $0 } ?? y
    }
}

