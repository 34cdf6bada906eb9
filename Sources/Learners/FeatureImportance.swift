import Tensor

/// Model-agnostic feature importances on a reference set (rows `x` [n][d], labels), the
/// measures QuXAI's Q-MEDLEY combines (Barua et al., arXiv 2505.10167):
///
/// - drop-column: DCI_j = acc(x) − acc(x with column j set to 0);
/// - permutation: PI_j = acc(x) − mean over `repeats` shuffles of acc(x with column j permuted);
/// - interaction-aware permutation: as PI, and the feature most correlated with j (|Pearson r|)
///   gets Gaussian noise of 1 % of its standard deviation, so a model cannot lean on a copy;
/// - Q-MEDLEY: (DCI_j + PI_j) / 2, and its interaction-aware form.
///
/// `predict` is any fitted model, quantum feature map included. Cost: d·(1 + 2·repeats) + 1
/// calls of `predict` on n rows.
public struct FeatureImportance: Sendable {
    public let dropColumn: [Double]
    public let permutation: [Double]
    public let interactionPermutation: [Double]
    /// The reference accuracy the drops are measured from.
    public let baseline: Double

    /// Q-MEDLEY: the mean of drop-column and permutation importance.
    public var medley: [Double] { zip(dropColumn, permutation).map { ($0 + $1) / 2 } }
    /// Q-MEDLEY with the interaction-aware permutation.
    public var interactionMedley: [Double] { zip(dropColumn, interactionPermutation).map { ($0 + $1) / 2 } }

    /// Measures every importance of the `d` features of `x` for `predict`, seeded.
    public static func measure(_ x: [Double], labels: [Int], features d: Int, repeats: Int = 5, seed: UInt64,
                               predict: ([Double]) throws -> [Int]) throws -> FeatureImportance {
        try measure(x, labels: labels, features: d, repeats: repeats, seed: seed, models: 1) { [try predict($0)] }[0]
    }

    /// The importances for several models at once: `predict` returns one label array per model
    /// for the same perturbed rows, so work shared by the models (a feature map) runs once per
    /// perturbation. Each model's result equals its own `measure` with the same seed.
    public static func measure(_ x: [Double], labels: [Int], features d: Int, repeats: Int = 5, seed: UInt64, models: Int,
                               predict: ([Double]) throws -> [[Int]]) throws -> [FeatureImportance] {
        let n = try rowCount(x, labels, features: d)
        guard repeats >= 1 else { throw LearnerError("permutation importance needs at least one shuffle, got \(repeats)") }
        func accuracies(_ rows: [Double]) throws -> [Double] {
            let predicted = try predict(rows)
            guard predicted.count == models else { throw LearnerError("expected labels from \(models) models, got \(predicted.count)") }
            return predicted.map { ClassifierScores.accuracy($0, labels) }
        }
        let base = try accuracies(x)
        var rng = RandomGenerator(seed: seed)
        let partners = (0..<d).map { mostCorrelated(with: $0, x, rows: n, features: d) }
        var drop = [[Double]](), shuffle = [[Double]](), interaction = [[Double]]()
        for j in 0..<d {
            var zeroed = x
            for i in 0..<n { zeroed[i * d + j] = 0 }
            drop.append(try accuracies(zeroed))
            var plain = [Double](repeating: 0, count: models)
            var jittered = plain
            for _ in 0..<repeats {
                let permuted = shuffled(column: j, x, rows: n, features: d, rng: &rng)
                plain = zip(plain, try accuracies(permuted)).map(+)
                let noisy = jitter(column: partners[j], permuted, rows: n, features: d, rng: &rng)
                jittered = zip(jittered, try accuracies(noisy)).map(+)
            }
            shuffle.append(plain.map { $0 / Double(repeats) })
            interaction.append(jittered.map { $0 / Double(repeats) })
        }
        return (0..<models).map { m in
            FeatureImportance(dropColumn: drop.map { base[m] - $0[m] }, permutation: shuffle.map { base[m] - $0[m] },
                              interactionPermutation: interaction.map { base[m] - $0[m] }, baseline: base[m])
        }
    }

    /// `x` with column j's values permuted among the rows.
    static func shuffled(column j: Int, _ x: [Double], rows n: Int, features d: Int, rng: inout RandomGenerator) -> [Double] {
        var out = x
        for (i, source) in rng.permutation(n).enumerated() { out[i * d + j] = x[source * d + j] }
        return out
    }

    /// `x` with N(0, (0.01·σ_k)²) added to column k (nothing when k is nil).
    static func jitter(column k: Int?, _ x: [Double], rows n: Int, features d: Int, rng: inout RandomGenerator) -> [Double] {
        guard let k else { return x }
        let sigma = 0.01 * columnStatistics(k, x, rows: n, features: d).std
        var out = x
        for i in 0..<n { out[i * d + k] += sigma * rng.nextNormal() }
        return out
    }

    /// The other feature with the largest |Pearson correlation| with feature j (the first on
    /// ties); nil with one feature.
    static func mostCorrelated(with j: Int, _ x: [Double], rows n: Int, features d: Int) -> Int? {
        guard d > 1 else { return nil }
        let a = columnStatistics(j, x, rows: n, features: d)
        var best: (k: Int, r: Double)? = nil
        for k in 0..<d where k != j {
            let b = columnStatistics(k, x, rows: n, features: d)
            var covariance = 0.0
            for i in 0..<n { covariance += (x[i * d + j] - a.mean) * (x[i * d + k] - b.mean) }
            let denominator = a.std * b.std * Double(n)
            let r = denominator > 0 ? abs(covariance / denominator) : 0
            if best == nil || r > best!.r { best = (k, r) }
        }
        return best?.k
    }

    /// Mean and population standard deviation of column j of `x` ([n][d] row-major).
    public static func columnStatistics(_ j: Int, _ x: [Double], rows n: Int, features d: Int) -> (mean: Double, std: Double) {
        let mean = (0..<n).reduce(0) { $0 + x[$1 * d + j] } / Double(n)
        let variance = (0..<n).reduce(0) { $0 + (x[$1 * d + j] - mean) * (x[$1 * d + j] - mean) } / Double(n)
        return (mean, variance.squareRoot())
    }
}
