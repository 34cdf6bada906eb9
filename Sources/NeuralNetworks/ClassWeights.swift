/// Trainable per-class weights α on a batch of class scores: y_nc = α_c · x_nc, x and y of
/// shape [N, C], α of shape [C] (named "alpha" in checkpoints). After a fidelity readout this
/// is Pérez-Salinas et al.'s weighted fidelity α_c·F_c(x), whose arg-max is the class.
public final class ClassWeights<Scalar: TensorScalar>: Layer {
    public let alpha: Variable<Scalar>
    public var isTraining = true

    /// α_c = `initial` for every class.
    public init(classes: Int, initial: Scalar = 1) {
        let ones = [Scalar](repeating: initial, count: classes)
        alpha = Variable(Tensor(shape: [classes], scalars: ones), requiresGrad: true)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == alpha.shape[0], "ClassWeights: input \(x.shape) does not end in \(alpha.shape[0]) classes")
        return x * alpha
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("alpha", alpha)] }
}
