import Foundation
import NeuralNetworks

/// Logistic regression with an L2 penalty, as scikit-learn's `LogisticRegression` (lbfgs,
/// C = 1): minimises ½‖W‖² + C·Σᵢ −log p(yᵢ | xᵢ) (the bias unpenalised) by L-BFGS. Two classes
/// take one weight row (class 1's logit w·x + b against 0), more a softmax over one row each.
/// O(iterations · n · d · classes).
public struct LogisticRegression: Classifier {
    /// [rows][features] and [rows]; rows = 1 for two classes, else the class count.
    public let weights: [Double]
    public let bias: [Double]
    public let features: Int
    public let classes: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int, c: Double = 1, maxIterations: Int = 1000) throws -> LogisticRegression {
        let n = try rowCount(x, labels, features: d)
        let k = max(labels.max()! + 1, 2)
        let rows = k == 2 ? 1 : k
        let solver = LBFGS<Float>([], maxIterations: maxIterations)
        solver.gradientTolerance = 1e-10
        solver.lossTolerance = 0
        let found = solver.minimize(from: [Double](repeating: 0, count: rows * (d + 1))) { theta in
            let model = LogisticRegression(weights: Array(theta[0..<(rows * d)]), bias: Array(theta[(rows * d)...]), features: d, classes: k)
            return model.lossAndGradient(x, labels, n: n, c: c)
        }
        return LogisticRegression(weights: Array(found.x[0..<(rows * d)]), bias: Array(found.x[(rows * d)...]), features: d, classes: k)
    }

    var rows: Int { bias.count }

    func lossAndGradient(_ x: [Double], _ y: [Int], n: Int, c: Double) -> (loss: Double, gradient: [Double]) {
        let d = features
        var loss = 0.0
        var g = weights + [Double](repeating: 0, count: rows)
        for w in weights { loss += 0.5 * w * w }
        for i in 0..<n {
            let p = probabilities(x, row: i)
            loss -= c * log(max(p[y[i]], 1e-300))
            for r in 0..<rows {
                let cls = rows == 1 ? 1 : r
                let residual = c * (p[cls] - (cls == y[i] ? 1 : 0))
                for f in 0..<d { g[r * d + f] += residual * x[i * d + f] }
                g[rows * d + r] += residual
            }
        }
        return (loss, g)
    }

    /// p(class | row i of x).
    func probabilities(_ x: [Double], row i: Int) -> [Double] {
        let d = features
        var z = (0..<rows).map { r in (0..<d).reduce(bias[r]) { $0 + weights[r * d + $1] * x[i * d + $1] } }
        if rows == 1 { z.insert(0, at: 0) }
        let top = z.max()!
        z = z.map { exp($0 - top) }
        let total = z.reduce(0, +)
        return z.map { $0 / total }
    }

    public func predict(_ x: [Double]) -> [Int] {
        (0..<(x.count / features)).map { i in
            let p = probabilities(x, row: i)
            return p.indices.max { p[$0] < p[$1] }!
        }
    }
}
