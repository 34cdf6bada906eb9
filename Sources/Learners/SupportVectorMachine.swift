import Foundation

/// A binary soft-margin support-vector machine trained by sequential minimal optimisation with
/// libsvm's second-order working-set selection (Fan, Chen & Lin 2005): the dual
/// min ½αᵀQα − Σα, 0 ≤ α ≤ C, Σ yα = 0, Q_ij = y_i y_j K(x_i, x_j), solved two multipliers
/// at a time until the maximal violating pair is within `tolerance`. Decision
/// f(x) = Σ α_i y_i K(x_i, x) − ρ. The kernel matrix is formed once: O(n²) memory, O(n·d) per
/// iteration. Labels 0/1 (class 1 is y = +1).
public struct SupportVectorMachine: Classifier {
    public enum Kernel: Sendable, Equatable {
        case linear
        /// exp(−γ‖x − x'‖²); nil γ is scikit-learn's "scale", 1 / (d · Var(x)).
        case rbf(gamma: Double?)
        /// Rows of a given kernel matrix: fit takes [n][n], predict [m][n] against the training rows.
        case precomputed
    }

    public let kernel: Kernel
    public let gamma: Double
    /// Training rows with α > 0, their α_i·y_i, and their indices among the training rows.
    public let supportVectors: [Double]
    public let coefficients: [Double]
    public let supportIndices: [Int]
    public let rho: Double
    public let features: Int
    public let iterations: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int, kernel: Kernel = .rbf(gamma: nil), c: Double = 1,
                           tolerance: Double = 1e-3, maxIterations: Int = 1_000_000) throws -> SupportVectorMachine {
        let n = try rowCount(x, labels, features: d)
        guard Set(labels) == [0, 1] else { throw LearnerError("the SVM is binary: labels 0 and 1, both present") }
        guard c > 0 else { throw LearnerError("C must be positive, got \(c)") }
        if kernel == .precomputed, d != n { throw LearnerError("a precomputed kernel for \(n) rows is \(n)×\(n), got rows of \(d)") }
        let gamma = Self.gamma(kernel, x, d)
        let k = kernel == .precomputed ? x : (0..<(n * n)).map { Self.value(kernel, gamma, x, $0 / n, x, $0 % n, d) }
        let y = labels.map { $0 == 1 ? 1.0 : -1.0 }
        let (alpha, rho, iterations) = solve(k, y, c: c, tolerance: tolerance, maxIterations: maxIterations)
        let support = (0..<n).filter { alpha[$0] > 0 }
        return SupportVectorMachine(kernel: kernel, gamma: gamma,
                                    supportVectors: kernel == .precomputed ? [] : support.flatMap { x[($0 * d)..<(($0 + 1) * d)] },
                                    coefficients: support.map { alpha[$0] * y[$0] }, supportIndices: support, rho: rho,
                                    features: d, iterations: iterations)
    }

    static func gamma(_ kernel: Kernel, _ x: [Double], _ d: Int) -> Double {
        guard case let .rbf(g) = kernel else { return 0 }
        if let g { return g }
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        return variance > 0 ? 1 / (Double(d) * variance) : 1
    }

    static func value(_ kernel: Kernel, _ gamma: Double, _ a: [Double], _ i: Int, _ b: [Double], _ j: Int, _ d: Int) -> Double {
        var s = 0.0
        for f in 0..<d {
            if kernel == .linear {
                s += a[i * d + f] * b[j * d + f]
            } else {
                let t = a[i * d + f] - b[j * d + f]
                s += t * t
            }
        }
        return kernel == .linear ? s : exp(-gamma * s)
    }

    /// f(x) of each row ([m][d], or [m][n] kernel rows against the training set when precomputed).
    public func decision(_ x: [Double]) -> [Double] {
        // precomputed rows hold one kernel value per training row, and `features` is that count
        let width = features
        let m = x.count / width
        return (0..<m).map { i in
            var s = -rho
            for (t, coefficient) in coefficients.enumerated() {
                let kv = kernel == .precomputed ? x[i * width + supportIndices[t]]
                                                : Self.value(kernel, gamma, supportVectors, t, x, i, features)
                s += coefficient * kv
            }
            return s
        }
    }

    public func predict(_ x: [Double]) -> [Int] { decision(x).map { $0 > 0 ? 1 : 0 } }
}
