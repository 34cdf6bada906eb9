/// A change applied to the parameters' gradients after `backward()` and before the optimizer
/// step (clipping, say). `Trainer` applies its list in order.
public struct GradientTransform<Scalar: TensorScalar>: Sendable {
    /// A short name for logs.
    public let name: String
    let apply: @Sendable ([Variable<Scalar>]) -> Void

    public init(_ name: String, _ apply: @escaping @Sendable ([Variable<Scalar>]) -> Void) {
        self.name = name
        self.apply = apply
    }

    /// Applies the transform to `parameters`' gradients in place.
    public func callAsFunction(_ parameters: [Variable<Scalar>]) { apply(parameters) }

    /// Scales all gradients so that their joint L2 norm is at most `maxNorm`.
    public static func clipNorm(_ maxNorm: Double) -> GradientTransform {
        GradientTransform("clip norm \(maxNorm)") { clipGradients($0, maxNorm: maxNorm) }
    }

    /// Clamps every gradient element into [−maxValue, maxValue] (optax `clip`).
    public static func clipValue(_ maxValue: Double) -> GradientTransform {
        GradientTransform("clip value \(maxValue)") { clipGradients($0, maxValue: maxValue) }
    }
}
