/// Zeroes each element with probability p during training and scales the rest by 1/(1−p);
/// the identity in evaluation mode. The mask of the k-th call is drawn from (seed, k), and the
/// call count is a buffer, so a checkpointed run resumes with the same masks.
public final class Dropout<Scalar: TensorScalar>: Layer {
    public let probability: Double
    public let seed: UInt64
    /// Training-mode calls so far.
    public var calls = 0
    public var isTraining = true

    public init(_ probability: Double, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability \(probability) outside [0, 1)")
        self.probability = probability
        self.seed = seed
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        guard isTraining && probability > 0 else { return x }
        var rng = RandomGenerator(seed: seed ^ (UInt64(calls + 1) &* 0xD1B5_4A32_D192_ED03))
        calls += 1
        let keep = Scalar(1 / (1 - probability))
        let mask = (0..<x.value.count).map { _ in rng.nextUnit() < probability ? 0 : keep }
        return x * Tensor(shape: x.shape, scalars: mask)
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [] }
    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { [("calls", Tensor(Scalar(calls)))] }
    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        guard name == "calls", tensor.count == 1 else { return false }
        calls = Int(tensor.scalars[0])
        return true
    }
}
