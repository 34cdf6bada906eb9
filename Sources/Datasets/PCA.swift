import CBLAS
import Tensor

/// Principal component analysis: the top-k eigenvectors of the feature covariance, from
/// LAPACK's symmetric eigensolver (`dsyevd`), in Double.
///
/// `fit` costs O(N·F²) for the covariance plus O(F³) for the eigendecomposition
/// (MNIST, F = 784: about a second). Components have a fixed sign (largest-magnitude entry
/// positive), so results do not depend on the LAPACK build.
public struct PCA: Sendable, Codable, Equatable {
    /// Mean of each input feature [F].
    public var mean: [Float]
    /// The components, row-major [k, F], by decreasing explained variance; rows orthonormal.
    public var components: [Float]
    /// Variance along each component (eigenvalues of the covariance, divisor N − 1) [k].
    public var explainedVariance: [Float]
    /// Number of input features F.
    public var features: Int

    /// Number of components k.
    public var count: Int { explainedVariance.count }

    /// Fits `k` components to `x` [N, F] (other ranks are flattened after axis 0).
    /// - Throws: `DatasetError.invalidArgument` if k is not in 1...F, N < 2, or LAPACK fails.
    public static func fit(_ x: Tensor<Float>, components k: Int) throws -> PCA {
        let flat = ImageTransforms.flatten(x)
        let n = flat.shape[0], f = flat.shape[1]
        guard n >= 2 else { throw DatasetError.invalidArgument("PCA: need at least 2 samples, got \(n)") }
        guard (1...max(f, 1)).contains(k), f > 0 else { throw DatasetError.invalidArgument("PCA: \(k) components of \(f) features") }
        var mean = [Double](repeating: 0, count: f)
        flat.withUnsafeBufferPointer { p in
            for r in 0..<n { for c in 0..<f { mean[c] += Double(p[r * f + c]) } }
        }
        for c in 0..<f { mean[c] /= Double(n) }
        var centred = [Double](repeating: 0, count: n * f)
        flat.withUnsafeBufferPointer { p in
            for r in 0..<n { for c in 0..<f { centred[r * f + c] = Double(p[r * f + c]) - mean[c] } }
        }
        var covariance = [Double](repeating: 0, count: f * f)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(f), Int32(n), 1 / Double(n - 1),
                    centred, Int32(f), 0, &covariance, Int32(f))
        var eigenvalues = [Double](repeating: 0, count: f)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(f), &covariance, Int32(f), &eigenvalues)
        guard info == 0 else { throw DatasetError.invalidArgument("PCA: LAPACK dsyevd failed with info \(info)") }
        // Eigenvalues ascend; eigenvectors are the columns of `covariance`.
        var components = [Float](); components.reserveCapacity(k * f)
        var variances = [Float]()
        for j in stride(from: f - 1, through: f - k, by: -1) {
            var v = (0..<f).map { covariance[$0 * f + j] }
            let pivot = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
            if v[pivot] < 0 { v = v.map { -$0 } }
            components += v.map { Float($0) }
            variances.append(Float(max(eigenvalues[j], 0)))
        }
        return PCA(mean: mean.map { Float($0) }, components: components, explainedVariance: variances, features: f)
    }

    /// Projects `x` [N, F] (or [N, …] flattening to F) onto the components: [N, k].
    public func transform(_ x: Tensor<Float>) -> Tensor<Float> {
        let flat = ImageTransforms.flatten(x)
        precondition(flat.shape[1] == features, "PCA.transform: \(flat.shape[1]) features, fitted on \(features)")
        let n = flat.shape[0], k = count
        var centred = flat.scalars
        for r in 0..<n { for c in 0..<features { centred[r * features + c] -= mean[c] } }
        var out = [Float](repeating: 0, count: n * k)
        if n > 0 {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(k), Int32(features), 1,
                        centred, Int32(features), components, Int32(features), 0, &out, Int32(k))
        }
        return Tensor(shape: [n, k], scalars: out)
    }
}
