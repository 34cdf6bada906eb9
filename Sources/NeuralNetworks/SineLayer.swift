/// A SIREN layer (Sitzmann et al. 2020): y = sin(ω₀·(x·Wᵀ + b)), x [N, in] → y [N, out].
/// Weights start uniform in ±1/in for the first layer of a network and ±√(6/in)/ω₀ after it,
/// so pre-activations stay of order one through depth; biases ±1/√in. Cost O(N·in·out).
public final class SineLayer<Scalar: TensorScalar>: Layer {
    /// The affine map inside the sine.
    public let linear: Linear<Scalar>
    /// ω₀, the frequency the affine map is multiplied by (30 in the paper).
    public let omega: Scalar
    public var isTraining = true

    /// A layer `inputSize` → `outputSize`; `first` selects the first-layer initialisation.
    public init(_ inputSize: Int, _ outputSize: Int, omega: Scalar = 30, first: Bool, rng: inout RandomGenerator) {
        linear = Linear(inputSize, outputSize, rng: &rng)
        self.omega = omega
        let bound = first ? 1 / Scalar(inputSize) : (6 / Scalar(inputSize)).squareRoot() / omega
        linear.weight.value = Tensor.uniform([outputSize, inputSize], low: -bound, high: bound, rng: &rng)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        (linear(x) * omega).sin()
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { linear.namedParameters }
}

extension Models {
    /// A SIREN: `inputs` → `hidden` sine layers of `width` → a linear layer to `outputs`
    /// (its weights ±√(6/width)/ω₀, as the paper's last layer). Parameters
    /// (inputs+1)·width + (hidden−1)·(width+1)·width + (width+1)·outputs.
    public static func siren<Scalar>(inputs: Int, width: Int, hidden: Int, outputs: Int, omega: Scalar = 30,
                                     seed: UInt64) -> Sequential<Scalar> {
        var rng = RandomGenerator(seed: seed)
        let layers = sineLayers(inputs: inputs, width: width, hidden: hidden, omega: omega, rng: &rng)
        let last = Linear<Scalar>(width, outputs, rng: &rng)
        let bound = (6 / Scalar(width)).squareRoot() / omega
        last.weight.value = Tensor.uniform([outputs, width], low: -bound, high: bound, rng: &rng)
        return Sequential(layers + [last])
    }

    /// `hidden` SIREN sine layers, `inputs` → `width` → … → `width` (the first with the
    /// first-layer initialisation).
    public static func sineLayers<Scalar: TensorScalar>(inputs: Int, width: Int, hidden: Int, omega: Scalar = 30,
                                          rng: inout RandomGenerator) -> [any Layer<Scalar>] {
        precondition(hidden >= 1, "siren: at least one sine layer")
        return (0..<hidden).map { i in
            SineLayer<Scalar>(i == 0 ? inputs : width, width, omega: omega, first: i == 0, rng: &rng)
        }
    }

    /// The SIREN width whose parameter count is closest to `parameters` (for equal-size comparisons).
    public static func sirenWidth(inputs: Int, hidden: Int, outputs: Int, parameters: Int) -> Int {
        func count(_ w: Int) -> Int { (inputs + 1) * w + (hidden - 1) * (w + 1) * w + (w + 1) * outputs }
        return (1...4096).min { abs(count($0) - parameters) < abs(count($1) - parameters) } ?? 1
    }
}
