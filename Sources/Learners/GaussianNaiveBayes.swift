import Foundation

/// Gaussian naive Bayes, as scikit-learn's `GaussianNB`: per class the prior and each feature's
/// mean and variance (plus 1e-9 × the largest feature variance, for stability); a row goes to
/// the class of highest log prior + Σ log N(x_f; μ, σ²).
public struct GaussianNaiveBayes: Classifier {
    let logPriors: [Double]
    let means: [Double]
    let variances: [Double]
    public let features: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int) throws -> GaussianNaiveBayes {
        let n = try rowCount(x, labels, features: d)
        let classes = labels.max()! + 1
        var means = [Double](repeating: 0, count: classes * d)
        var variances = [Double](repeating: 0, count: classes * d)
        var counts = [Double](repeating: 0, count: classes)
        for i in 0..<n {
            counts[labels[i]] += 1
            for f in 0..<d { means[labels[i] * d + f] += x[i * d + f] }
        }
        for c in 0..<classes where counts[c] > 0 { for f in 0..<d { means[c * d + f] /= counts[c] } }
        for i in 0..<n {
            for f in 0..<d {
                let t = x[i * d + f] - means[labels[i] * d + f]
                variances[labels[i] * d + f] += t * t
            }
        }
        for c in 0..<classes where counts[c] > 0 { for f in 0..<d { variances[c * d + f] /= counts[c] } }
        let epsilon = 1e-9 * (0..<d).map { f in columnVariance(x, f, d, n) }.max()!
        return GaussianNaiveBayes(logPriors: counts.map { $0 > 0 ? log($0 / Double(n)) : -.infinity }, means: means,
                                  variances: variances.map { $0 + epsilon }, features: d)
    }

    static func columnVariance(_ x: [Double], _ f: Int, _ d: Int, _ n: Int) -> Double {
        let mean = (0..<n).reduce(0) { $0 + x[$1 * d + f] } / Double(n)
        return (0..<n).reduce(0) { $0 + (x[$1 * d + f] - mean) * (x[$1 * d + f] - mean) } / Double(n)
    }

    public func predict(_ x: [Double]) -> [Int] {
        let d = features
        return (0..<(x.count / d)).map { i in
            let scores = logPriors.indices.map { c -> Double in
                (0..<d).reduce(logPriors[c]) { s, f in
                    let v = variances[c * d + f]
                    let t = x[i * d + f] - means[c * d + f]
                    return s - 0.5 * log(2 * Double.pi * v) - t * t / (2 * v)
                }
            }
            return scores.indices.max { scores[$0] < scores[$1] }!
        }
    }
}
