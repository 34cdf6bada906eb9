/// Costs on fidelity readouts (outputs F_nc = |⟨target_c|ψ(x_n)⟩|², shape [N, C]), as
/// data re-uploading classifiers train with them (Pérez-Salinas et al. 2020).
extension Loss {
    /// The fidelity cost: mean over samples of 1 − F_{n,y_n} (`amplitude` false), or of
    /// 1 − √F_{n,y_n} = 1 − |⟨target_y|ψ⟩| (`amplitude` true: Pérez-Salinas' code computes
    /// its fidelity unsquared). The arg-max class is the same for both.
    public static func fidelity(amplitude: Bool) -> Loss {
        Loss(amplitude ? "fidelity (amplitude)" : "fidelity") { output, labels in
            let (n, c) = (output.shape[0], output.shape[1])
            var mask = [Scalar](repeating: 0, count: n * c)
            for (i, y) in labels.enumerated() { mask[i * c + y] = 1 }
            let target = (output * Tensor(shape: [n, c], scalars: mask)).sum(axes: [1])
            // √F has an infinite slope at F = 0; the 10⁻¹² keeps a sample sitting exactly on the
            // wrong pole from producing NaN (its weight gradient is 0 there anyway).
            let per = amplitude ? (target + Scalar(1e-12)).sqrt() : target
            return 1 - per.sum() * (1 / Scalar(n))
        }
    }

    /// Pérez-Salinas' weighted fidelity cost on weighted fidelities α_c·F_c(x_n) (a
    /// `ClassWeights` layer after the readout), averaged over the batch as their code does:
    ///
    ///     χ²_wf = (1/N) Σ_n ½ Σ_c (α_c F_c(x_n) − Y_c(y_n))²,
    ///
    /// with Y_c(y) = `ideal[c][y]` the fidelity between the label states of classes c and y
    /// (1 on the diagonal; 0 off it for two antipodal labels, 1/3 for the tetrahedron).
    public static func weightedFidelity(ideal: [[Double]]) -> Loss {
        Loss("weighted fidelity") { output, labels in
            let (n, c) = (output.shape[0], output.shape[1])
            precondition(labels.count == n && ideal.count == c,
                         "weightedFidelity: \(labels.count) labels, \(ideal.count) classes for output \(output.shape)")
            var y = [Scalar](repeating: 0, count: n * c)
            for (i, label) in labels.enumerated() {
                for k in 0..<c { y[i * c + k] = Scalar(ideal[k][label]) }
            }
            return (output - Tensor(shape: [n, c], scalars: y)).squared().sum() * Scalar(0.5 / Double(n))
        }
    }
}
