import CBLAS

/// A linear read-out fitted in closed form: ŷ = W·x + b minimising Σ‖y − Wx − b‖² + λ‖W‖²
/// (the bias is not penalised). Centring X and Y, W solves (XcᵀXc + λI)·Wᵀ = XcᵀYc by Cholesky
/// (LAPACK `dposv`), then b = ȳ − W·x̄. Computed in Double. Fit cost O(N·F² + F³).
public struct RidgeRegression: Sendable, Codable, Equatable {
    /// W, [outputs, features] row-major.
    public var weights: [Double]
    /// b, [outputs].
    public var bias: [Double]
    public var features: Int
    public var outputs: Int
    /// λ.
    public var regularization: Double

    /// Fits x [N, F] to y [N, K]; throws when N = 0, shapes disagree, data are not finite, λ < 0
    /// or the system is singular (λ = 0 with dependent features).
    public static func fit(_ x: Tensor<Float>, _ y: Tensor<Float>, regularization lambda: Double) throws -> RidgeRegression {
        let (n, f, k) = try checkedShapes(x, y)
        guard lambda >= 0, lambda.isFinite else { throw TrainingDataError("ridge: regularisation λ = \(lambda) must be ≥ 0") }
        let xs = x.scalars.map(Double.init), ys = y.scalars.map(Double.init)
        let xMean = columnMeans(xs, rows: n, width: f), yMean = columnMeans(ys, rows: n, width: k)
        let xc = centred(xs, xMean, rows: n), yc = centred(ys, yMean, rows: n)
        var gram = [Double](repeating: 0, count: f * f)
        var rhs = [Double](repeating: 0, count: f * k)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(f), Int32(f), Int32(n), 1, xc, Int32(f), xc, Int32(f), 0, &gram, Int32(f))
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(f), Int32(k), Int32(n), 1, xc, Int32(f), yc, Int32(k), 0, &rhs, Int32(k))
        for i in 0..<f { gram[i * f + i] += lambda }
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(f), Int32(k), &gram, Int32(f), &rhs, Int32(k))
        guard info == 0 else {
            throw TrainingDataError("ridge: XᵀX + λI is not positive definite (LAPACK dposv info \(info)); raise λ = \(lambda)")
        }
        // rhs holds Wᵀ [F, K]; store W [K, F].
        var w = [Double](repeating: 0, count: k * f)
        for i in 0..<f {
            for j in 0..<k { w[j * f + i] = rhs[i * k + j] }
        }
        let b = (0..<k).map { j in yMean[j] - (0..<f).reduce(0) { $0 + w[j * f + $1] * xMean[$1] } }
        return RidgeRegression(weights: w, bias: b, features: f, outputs: k, regularization: lambda)
    }

    /// The λ of `candidates` with the lowest mean squared error on the validation pair, fitted
    /// on the training pair (then returned with that error).
    public static func fitSelecting(train: (x: Tensor<Float>, y: Tensor<Float>), validation: (x: Tensor<Float>, y: Tensor<Float>),
                                    candidates: [Double] = RidgeRegression.defaultCandidates)
        throws -> (model: RidgeRegression, validationMSE: Double) {
        var best: (model: RidgeRegression, validationMSE: Double)?
        for lambda in candidates {
            guard let model = try? fit(train.x, train.y, regularization: lambda) else { continue }
            let error = meanSquaredError(model.predict(validation.x), validation.y)
            if best == nil || error < best!.validationMSE { best = (model, error) }
        }
        guard let best else { throw TrainingDataError("ridge: no regularisation in \(candidates) gives a solvable system") }
        return best
    }

    /// ŷ = x·Wᵀ + b for x [N, F] → [N, K].
    public func predict(_ x: Tensor<Float>) -> Tensor<Float> {
        precondition(x.shape.count == 2 && x.shape[1] == features, "ridge: input \(x.shape) is not [N, \(features)]")
        let n = x.shape[0]
        var out = [Float](repeating: 0, count: n * outputs)
        let xs = x.scalars
        for r in 0..<n {
            for j in 0..<outputs {
                var s = bias[j]
                for i in 0..<features { s += weights[j * features + i] * Double(xs[r * features + i]) }
                out[r * outputs + j] = Float(s)
            }
        }
        return Tensor(shape: [n, outputs], scalars: out)
    }

    /// Mean over all entries of (a − b)².
    public static func meanSquaredError(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Double {
        precondition(a.count == b.count, "meanSquaredError: \(a.shape) vs \(b.shape)")
        let sum = Swift.zip(a.scalars, b.scalars).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        return sum / Double(Swift.max(a.count, 1))
    }

    /// λ = 10⁻⁸, 10⁻⁷, …, 10².
    public static let defaultCandidates = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100]

    static func checkedShapes(_ x: Tensor<Float>, _ y: Tensor<Float>) throws -> (Int, Int, Int) {
        guard x.shape.count == 2, y.shape.count == 2, x.shape[0] == y.shape[0], x.shape[0] > 0, x.shape[1] > 0, y.shape[1] > 0 else {
            throw TrainingDataError("ridge: need features [N, F] and targets [N, K] with N, F, K > 0; got \(x.shape) and \(y.shape)")
        }
        guard x.scalars.allSatisfy({ $0.isFinite }), y.scalars.allSatisfy({ $0.isFinite }) else {
            throw TrainingDataError("ridge: features or targets hold NaN or infinity")
        }
        return (x.shape[0], x.shape[1], y.shape[1])
    }

    static func columnMeans(_ a: [Double], rows: Int, width: Int) -> [Double] {
        var m = [Double](repeating: 0, count: width)
        for r in 0..<rows {
            for c in 0..<width { m[c] += a[r * width + c] }
        }
        return m.map { $0 / Double(rows) }
    }

    static func centred(_ a: [Double], _ mean: [Double], rows: Int) -> [Double] {
        let width = mean.count
        var out = a
        for r in 0..<rows {
            for c in 0..<width { out[r * width + c] -= mean[c] }
        }
        return out
    }
}
