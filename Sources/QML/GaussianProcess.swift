import Foundation

/// Gaussian-process regression with an RBF kernel k(a, b) = s²·exp(−‖a − b‖² / 2ℓ²) and a
/// constant mean (the data's), the surrogate of Bayesian optimisation; s² is the data's variance,
/// ℓ given. Fit O(n³) (Cholesky), predict O(n²).
public struct GaussianProcess: Sendable {
    let points: [[Double]]
    let cholesky: [Double]
    let alpha: [Double]
    let mean: Double
    let signal: Double
    public let lengthScale: Double

    public init(_ points: [[Double]], _ values: [Double], lengthScale: Double, noise: Double = 1e-6) throws {
        let n = points.count
        guard n >= 1, values.count == n, lengthScale > 0, values.allSatisfy(\.isFinite) else {
            throw QMLError.invalidArgument("a Gaussian process needs ≥ 1 point, one finite value per point and a length scale > 0")
        }
        let mu = values.reduce(0, +) / Double(n)
        let s2 = max(values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(n), 1e-12)
        mean = mu
        signal = s2
        self.points = points
        self.lengthScale = lengthScale
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { k[i * n + j] = Self.rbf(points[i], points[j], s2, lengthScale) + (i == j ? noise * s2 : 0) }
        }
        let l = try Self.factor(k, n)
        cholesky = l
        alpha = Self.solve(l, n, values.map { $0 - mu })
    }

    static func rbf(_ a: [Double], _ b: [Double], _ s2: Double, _ l: Double) -> Double {
        s2 * exp(-zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (2 * l * l))
    }

    /// Lower-triangular L with L·Lᵀ = K.
    static func factor(_ k: [Double], _ n: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = k[j * n + j]
            for p in 0..<j { d -= l[j * n + p] * l[j * n + p] }
            guard d > 0 else { throw QMLError.invalidArgument("the kernel matrix is not positive definite (duplicate points?)") }
            l[j * n + j] = d.squareRoot()
            for i in (j + 1)..<max(n, j + 1) {
                var s = k[i * n + j]
                for p in 0..<j { s -= l[i * n + p] * l[j * n + p] }
                l[i * n + j] = s / l[j * n + j]
            }
        }
        return l
    }

    /// K⁻¹·b through L and Lᵀ.
    static func solve(_ l: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            for p in 0..<i { y[i] -= l[i * n + p] * y[p] }
            y[i] /= l[i * n + i]
        }
        for i in (0..<n).reversed() {
            for p in (i + 1)..<max(n, i + 1) { y[i] -= l[p * n + i] * y[p] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// Posterior mean and variance at `x`.
    public func predict(_ x: [Double]) -> (mean: Double, variance: Double) {
        let n = points.count
        let kx = points.map { Self.rbf($0, x, signal, lengthScale) }
        let m = mean + zip(kx, alpha).reduce(0) { $0 + $1.0 * $1.1 }
        var v = kx
        for i in 0..<n {
            for p in 0..<i { v[i] -= cholesky[i * n + p] * v[p] }
            v[i] /= cholesky[i * n + i]
        }
        return (m, max(signal - v.reduce(0) { $0 + $1 * $1 }, 1e-12))
    }

    /// Expected improvement over `best` for maximisation: (μ − best)Φ(u) + σφ(u), u = (μ − best)/σ.
    public static func expectedImprovement(mean: Double, variance: Double, best: Double) -> Double {
        let sigma = variance.squareRoot()
        let u = (mean - best) / sigma
        let cdf = 0.5 * erfc(-u / 2.0.squareRoot())
        let pdf = exp(-u * u / 2) / (2 * Double.pi).squareRoot()
        return (mean - best) * cdf + sigma * pdf
    }
}
