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

    public init(_ name: String, _ compute: @escaping @Sendable (Variable<Scalar>, [Int]) -> Variable<Scalar>) {
        self.name = name
        self.compute = compute
    }

    /// The loss of `output` for `labels`.
    public func callAsFunction(_ output: Variable<Scalar>, labels: [Int]) -> Variable<Scalar> {
        compute(output, labels)
    }

    /// Softmax cross-entropy with optional label smoothing (`softmaxCrossEntropy`).
    public static func softmaxCrossEntropy(labelSmoothing: Double = 0) -> Loss {
        Loss("softmax cross-entropy") { NeuralNetworks.softmaxCrossEntropy($0, labels: $1, labelSmoothing: labelSmoothing) }
    }
}
