/// The outcome of `gradcheck`: for each input, the relative error
/// ‖g_autodiff − g_numeric‖₂ / max(‖g_autodiff‖₂ + ‖g_numeric‖₂, 1e-30).
public struct GradcheckResult: Sendable, CustomStringConvertible {
    /// Relative error per input.
    public let relativeErrors: [Double]
    /// The largest relative error.
    public var maxRelativeError: Double { relativeErrors.max() ?? 0 }
    /// Whether every input is within the tolerance passed to `gradcheck`.
    public let passed: Bool
    public var description: String {
        "gradcheck \(passed ? "passed" : "FAILED"): relative errors \(relativeErrors)"
    }
}


/// Checks reverse-mode gradients of `f` against central differences, in Double.
///
/// Checked are the gradients with respect to each of `inputs` (passed to `f` as fresh
/// variables that require gradients) and to each of `parameters` (variables `f` reads
/// itself, such as a layer's weights; they are perturbed in place and restored).
/// A non-scalar output is projected onto fixed random weights R (seeded): the checked loss
/// is Σ f(x)·R, so every output element is exercised. Cost: 2·(Σ|inputs| + Σ|parameters|) + 2
/// evaluations of `f`.
/// - Returns: relative errors for the inputs, then for the parameters.
public func gradcheck(
    _ inputs: [Tensor<Double>], parameters: [Variable<Double>] = [], eps: Double = 1e-6, tolerance: Double = 1e-6,
    seed: UInt64 = 0, _ f: ([Variable<Double>]) -> Variable<Double>
) -> GradcheckResult {
    var rng = RandomGenerator(seed: seed)
    let weights = Tensor<Double>.normal(f(inputs.map { Variable($0) }).value.shape, rng: &rng)
    func loss(_ xs: [Tensor<Double>]) -> Double {
        (f(xs.map { Variable($0) }).value * weights).sum().scalar
    }

    let variables = inputs.map { Variable($0, requiresGrad: true) }
    let savedGrads = parameters.map(\.grad)
    parameters.forEach { $0.grad = nil }
    (f(variables) * Variable(weights)).sum().backward()
    let analytic = (variables + parameters).map { $0.grad ?? Tensor(repeating: 0, shape: $0.shape) }
    for (p, g) in Swift.zip(parameters, savedGrads) { p.grad = g }

    var numeric: [[Double]] = []
    for k in inputs.indices {
        numeric.append((0..<inputs[k].count).map { i in
            var plus = inputs, minus = inputs
            plus[k].withUnsafeMutableBufferPointer { $0[i] += eps }
            minus[k].withUnsafeMutableBufferPointer { $0[i] -= eps }
            return (loss(plus) - loss(minus)) / (2 * eps)
        })
    }
    for p in parameters {
        let original = p.value
        numeric.append((0..<original.count).map { i in
            p.value.withUnsafeMutableBufferPointer { $0[i] = original.scalars[i] + eps }
            let up = loss(inputs)
            p.value.withUnsafeMutableBufferPointer { $0[i] = original.scalars[i] - eps }
            let down = loss(inputs)
            p.value = original
            return (up - down) / (2 * eps)
        })
    }
    let errors = Swift.zip(analytic, numeric).map { relativeError($0.scalars, $1) }
    return GradcheckResult(relativeErrors: errors, passed: errors.allSatisfy { $0 < tolerance })
}

/// ‖a − b‖₂ / max(‖a‖₂ + ‖b‖₂, 1e-30).
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var diff = 0.0, sizeA = 0.0, sizeB = 0.0
    for (x, y) in Swift.zip(a, b) {
        diff += (x - y) * (x - y); sizeA += x * x; sizeB += y * y
    }
    return diff.squareRoot() / Swift.max(sizeA.squareRoot() + sizeB.squareRoot(), 1e-30)
}
