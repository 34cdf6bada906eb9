/// Trainable class weights α on a batch of class scores: y_nc = α_c · x_nc, x and y of shape
/// [N, C], α of shape [C] (named "alpha" in checkpoints). After the re-uploading qubit's
/// fidelity readout this is Pérez-Salinas et al.'s weighted fidelity α_c·F_c(x); the
/// predicted class is its arg-max, as their code classifies under the weighted cost.
public final class ClassWeights<Scalar: TensorScalar>: Layer {
    public let alpha: Variable<Scalar>
    public var isTraining = true

    /// α_c = `initial` for every class (the paper's code starts from ones).
    public init(classes: Int, initial: Scalar = 1) {
        alpha = Variable(Tensor(shape: [classes], scalars: [Scalar](repeating: initial, count: classes)), requiresGrad: true)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.last == alpha.shape[0], "ClassWeights: input \(x.shape) does not end in \(alpha.shape[0]) classes")
        return x * alpha
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("alpha", alpha)] }
}

extension PaperTraining {
    /// Pérez-Salinas' weighted fidelity cost on weighted fidelities `output` = α_c·F_c(x_μ),
    /// shape [N, C], averaged over the batch as their code averages it:
    ///
    ///     χ²_wf = (1/N) Σ_μ ½ Σ_c (α_c F_c(x_μ) − Y_c(y_μ))²,
    ///
    /// with Y_c(y) = `ideal[c][y]` the fidelity of class c's label state with that of class y
    /// (1 on the diagonal; 0 off it for two antipodal labels, 1/3 for the tetrahedron).
    public static func weightedFidelityCost(_ output: Variable<Float>, labels: [Int], ideal: [[Double]]) -> Variable<Float> {
        let (n, c) = (output.shape[0], output.shape[1])
        precondition(labels.count == n && ideal.count == c, "weightedFidelityCost: \(labels.count) labels, \(ideal.count) classes for output \(output.shape)")
        var y = [Float](repeating: 0, count: n * c)
        for (i, label) in labels.enumerated() { for k in 0..<c { y[i * c + k] = Float(ideal[k][label]) } }
        return (output - Tensor(shape: [n, c], scalars: y)).squared().sum() * (0.5 / Float(n))
    }
}

extension PaperModels {
    /// The re-uploading qubit's label states as Bloch vectors: ±z for two classes, otherwise
    /// the first `classes` vertices of the tetrahedron (+z first).
    public static func reuploadTargets(classes: Int) -> [(Double, Double, Double)] {
        let r2: Double = 2.0.squareRoot(), r23: Double = (2.0 / 3).squareRoot(), third: Double = -1.0 / 3
        let tetrahedron: [(Double, Double, Double)] = [(0, 0, 1), (2 * r2 / 3, 0, third), (-r2 / 3, r23, third), (-r2 / 3, -r23, third)]
        return classes == 2 ? [(0, 0, 1), (0, 0, -1)] : Array(tetrahedron.prefix(classes))
    }

    /// Ideal fidelities between the label states: Y[c][k] = |⟨ψ_c|ψ_k⟩|² = (1 + r_c·r_k)/2,
    /// a symmetric C×C matrix with ones on the diagonal.
    public static func idealFidelities(classes: Int) -> [[Double]] {
        let r = reuploadTargets(classes: classes)
        return r.map { a in r.map { b in (1 + a.0 * b.0 + a.1 * b.1 + a.2 * b.2) / 2 } }
    }
}
