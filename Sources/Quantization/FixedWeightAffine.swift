/// A Linear or Conv2D computing with a fixed weight (a non-uniform grid's values: power grid,
/// codebooks); the bias stays float.
final class FixedWeightAffine: Layer {
    typealias Scalar = Float
    let weight: Tensor<Float>
    let bias: Tensor<Float>?
    let convolution: Conv2DConfig?
    var isTraining = false

    init(_ layer: any Quantizable, weight: Tensor<Float>) {
        self.weight = weight
        bias = layer.affineParts.bias
        convolution = layer.affineParts.convolution
    }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        if let convolution { return Variable(Tensor.conv2d(x.value, weight, bias: bias, convolution)) }
        let y = x.value.matmul(weight, transposeOther: true)
        return Variable(bias.map { y + $0 } ?? y)
    }

    var namedParameters: [(name: String, variable: Variable<Float>)] { [] }
}

/// Activations seen at layer paths during forward passes.
final class CapturedInputs {
    var values: [String: [Tensor<Float>]] = [:]

    func add(_ x: Tensor<Float>, at path: String) { values[path, default: []].append(x) }
}

extension CapturedInputs {
    /// The float inputs of the layers at `paths` over `batches` (evaluation mode).
    static func of(_ model: any Layer<Float>, paths: Set<String>, batches: [Tensor<Float>]) -> CapturedInputs {
        let inputs = CapturedInputs()
        let tapped = model.mapLeaves { path, leaf -> (any Layer<Float>)? in
            guard paths.contains(path) else { return nil }
            return Sequential<Float>(ActivationTap { inputs.add($0, at: path) }, leaf)
        }
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        for batch in batches { _ = tapped(Variable(batch)) }
        return inputs
    }
}

/// `layer` behind an input quantizer at `bits` with `observer`'s range, or `layer` itself when
/// `bits` is nil (float inputs).
func withInputQuantizer(_ layer: any Layer<Float>, bits: Int?, observer: (any Observer)?) throws -> any Layer<Float> {
    guard let bits, let observer else { return layer }
    let range = observer.range(for: try .activations(bits: bits))
    return Sequential<Float>(try InputQuantizer(bits: bits, minimum: range.min, maximum: range.max), layer)
}
