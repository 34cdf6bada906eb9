/// A training loss as a value: maps a batch's model outputs [N, …] and its N integer labels to
/// a scalar `Variable` to minimise. `Trainer` takes one, so classification, fidelity costs or
/// any custom objective share one training loop.
///
///     trainer.loss = .softmaxCrossEntropy(labelSmoothing: 0.1)
///     trainer.loss = Loss("fidelity") { output, labels in … }
public struct Loss<Scalar: TensorScalar>: Sendable {
    /// A short name for logs.
    public let name: String
    let compute: @Sendable (Variable<Scalar>, [Int]) -> Variable<Scalar>
    /// The loss against real-valued targets, for regression losses (nil for classification).
    let computeTargets: (@Sendable (Variable<Scalar>, Tensor<Scalar>) -> Variable<Scalar>)?

    public init(_ name: String, _ compute: @escaping @Sendable (Variable<Scalar>, [Int]) -> Variable<Scalar>) {
        self.name = name
        self.compute = compute
        computeTargets = nil
    }

    /// A regression loss of outputs against targets.
    public init(_ name: String, targets: @escaping @Sendable (Variable<Scalar>, Tensor<Scalar>) -> Variable<Scalar>) {
        self.name = name
        compute = { _, _ in preconditionFailure("the loss \(name) needs real-valued targets, not class labels") }
        computeTargets = targets
    }

    /// Whether the loss compares outputs with real-valued targets.
    public var isRegression: Bool { computeTargets != nil }

    /// The loss of `output` for `labels`.
    public func callAsFunction(_ output: Variable<Scalar>, labels: [Int]) -> Variable<Scalar> {
        compute(output, labels)
    }

    /// The loss of `output` for real-valued `targets` (a regression loss).
    public func callAsFunction(_ output: Variable<Scalar>, targets: Tensor<Scalar>) -> Variable<Scalar> {
        guard let computeTargets else { preconditionFailure("the loss \(name) takes class labels, not targets") }
        return computeTargets(output, targets)
    }

    /// Mean squared error against targets of the output's shape.
    public static func meanSquaredError() -> Loss {
        Loss("mean squared error", targets: { NeuralNetworks.meanSquaredError($0, $1) })
    }

    /// Softmax cross-entropy with optional label smoothing (`softmaxCrossEntropy`).
    public static func softmaxCrossEntropy(labelSmoothing: Double = 0) -> Loss {
        Loss("softmax cross-entropy") { NeuralNetworks.softmaxCrossEntropy($0, labels: $1, labelSmoothing: labelSmoothing) }
    }
}
