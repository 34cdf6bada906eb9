/// Gives every sample the shape `sampleShape`: [N, …] → [N] + sampleShape (the element count
/// per sample must agree). Decoders use it to turn a vector into feature maps.
public final class Reshape<Scalar: TensorScalar>: StatelessLayer {
    public let sampleShape: [Int]

    public init(_ sampleShape: [Int]) {
        precondition(!sampleShape.isEmpty && sampleShape.allSatisfy { $0 > 0 }, "Reshape: sample shape \(sampleShape)")
        self.sampleShape = sampleShape
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let n = x.shape.first ?? 0
        precondition(x.value.count == n * sampleShape.reduce(1, *), "Reshape: \(x.shape) does not hold samples of \(sampleShape)")
        return x.reshaped([n] + sampleShape)
    }
}
