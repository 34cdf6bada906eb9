import CBLAS
import Foundation

/// M = exp(X) for a general (diagonalisable) complex X, through its eigendecomposition
/// X = W·diag(λ)·W⁻¹ (LAPACK `zgeev`), with M⁻¹ = exp(−X) and the exact vector–Jacobian
/// product back to X.
///
/// A first-order change δX gives δM = W·[(W⁻¹·δX·W) ∘ Φ]·W⁻¹ with the divided differences
/// Φ_jk = (e^{λ_j} − e^{λ_k}) / (λ_j − λ_k) (j ≠ k), Φ_jj = e^{λ_j}, evaluated as
/// e^{λ_k}·(e^{δ} − 1)/δ with δ = λ_j − λ_k, a series for small |δ|. Accuracy follows the
/// conditioning of W: exact for a normal X (W unitary), degraded near a defective one.
/// Cost O(n³) for each of the decomposition, the exponential and a product.
public struct GeneralExponential: Sendable {
    /// λ, interleaved (re, im).
    public let values: [Double]
    /// W, eigenvectors as columns, and W⁻¹.
    let vectors: ComplexMatrix
    let vectorsInverse: ComplexMatrix
    /// exp(X).
    public let matrix: ComplexMatrix
    /// exp(−X) = exp(X)⁻¹.
    public let inverse: ComplexMatrix

    /// Decomposes `x` and forms exp(±x). Throws when LAPACK fails (a non-finite entry).
    public init(_ x: ComplexMatrix) throws {
        let n = x.n
        (values, vectors) = try Self.eigen(x)
        vectorsInverse = try Self.inverted(vectors)
        var plus = vectors, minus = vectors
        for j in 0..<n {
            let (er, ei) = Self.exp(values[2 * j], values[2 * j + 1])
            let (fr, fi) = Self.exp(-values[2 * j], -values[2 * j + 1])
            for i in 0..<n {
                let (re, im) = vectors[i, j]
                plus[i, j] = (re * er - im * ei, re * ei + im * er)
                minus[i, j] = (re * fr - im * fi, re * fi + im * fr)
            }
        }
        matrix = plus.multiplied(by: vectorsInverse)
        inverse = minus.multiplied(by: vectorsInverse)
    }

    /// Given Ḡ = ∂L/∂M (δL = Re tr(Ḡ†·δM)), returns ∂L/∂X in the same convention:
    /// W⁻†·[(W†·Ḡ·W⁻†) ∘ conj(Φ)]·W†. O(n³).
    public func pullback(_ gBar: ComplexMatrix) -> ComplexMatrix {
        let n = gBar.n, wh = vectors.adjoint, winvh = vectorsInverse.adjoint
        var b = wh.multiplied(by: gBar).multiplied(by: winvh)
        for j in 0..<n { for k in 0..<n {
            let (pr, pi) = divided(j, k)
            let (br, bi) = b[j, k]
            b[j, k] = (br * pr + bi * pi, bi * pr - br * pi)
        } }
        return winvh.multiplied(by: b).multiplied(by: wh)
    }

    /// Φ_jk = e^{λ_k}·(e^{δ} − 1)/δ, δ = λ_j − λ_k.
    func divided(_ j: Int, _ k: Int) -> (Double, Double) {
        let (dr, di) = (values[2 * j] - values[2 * k], values[2 * j + 1] - values[2 * k + 1])
        let (er, ei) = Self.exp(values[2 * k], values[2 * k + 1])
        let (qr, qi): (Double, Double)
        if dr * dr + di * di < 1e-10 {
            // (e^δ − 1)/δ = 1 + δ/2 + δ²/6 + …
            let (d2r, d2i) = (dr * dr - di * di, 2 * dr * di)
            (qr, qi) = (1 + dr / 2 + d2r / 6, di / 2 + d2i / 6)
        } else {
            let (mr, mi) = Self.exp(dr, di)
            let (nr, ni) = (mr - 1, mi)
            let den = dr * dr + di * di
            (qr, qi) = ((nr * dr + ni * di) / den, (ni * dr - nr * di) / den)
        }
        return (er * qr - ei * qi, er * qi + ei * qr)
    }

    @inline(__always) static func exp(_ re: Double, _ im: Double) -> (Double, Double) {
        let m = Foundation.exp(re)
        return (m * Foundation.cos(im), m * Foundation.sin(im))
    }

    /// Eigenvalues and right eigenvectors of `x` (`zgeev` on a padded column-major copy: see
    /// `HermitianEigen` for why the slack).
    static func eigen(_ x: ComplexMatrix) throws -> (values: [Double], vectors: ComplexMatrix) {
        let n = x.n, slack = 256
        guard x.storage.allSatisfy(\.isFinite) else {
            throw QuantumSimError.linearAlgebra("exp(X) of a matrix with a non-finite entry")
        }
        var a = columnMajor(x) + [Double](repeating: 0, count: slack)
        var w = [Double](repeating: 0, count: 2 * n + slack)
        var vr = [Double](repeating: 0, count: 2 * n * n + slack)
        var vl = [Double](repeating: 0, count: 2 + slack)
        var rwork = [Double](repeating: 0, count: 2 * n + slack)
        var query = [Double](repeating: 0, count: 2 + slack)
        guard call(n, &a, &w, &vl, &vr, &query, -1, &rwork) == 0 else {
            throw QuantumSimError.linearAlgebra("zgeev workspace query failed")
        }
        var work = [Double](repeating: 0, count: 2 * Int(query[0]) + slack)
        let info = call(n, &a, &w, &vl, &vr, &work, Int(query[0]), &rwork)
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zgeev failed with info \(info) on a \(n)×\(n) matrix") }
        var v = ComplexMatrix(zeros: n)
        for i in 0..<n { for j in 0..<n { v[i, j] = (vr[2 * (j * n + i)], vr[2 * (j * n + i) + 1]) } }
        return (Array(w[0..<(2 * n)]), v)
    }

    private static func call(_ n: Int, _ a: inout [Double], _ w: inout [Double], _ vl: inout [Double], _ vr: inout [Double],
                             _ work: inout [Double], _ lwork: Int, _ rwork: inout [Double]) -> Int32 {
        a.withUnsafeMutableBufferPointer { ap in w.withUnsafeMutableBufferPointer { wp in
        vl.withUnsafeMutableBufferPointer { lp in vr.withUnsafeMutableBufferPointer { rp in
        work.withUnsafeMutableBufferPointer { kp in
            LAPACKE_zgeev_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "V")), Int32(n),
                               OpaquePointer(ap.baseAddress!), Int32(n), OpaquePointer(wp.baseAddress!),
                               OpaquePointer(lp.baseAddress!), 1, OpaquePointer(rp.baseAddress!), Int32(n),
                               OpaquePointer(kp.baseAddress!), Int32(lwork), &rwork)
        } } } } }
    }

    /// W⁻¹ by solving W·Y = I (`zgesv`, padded column-major).
    static func inverted(_ m: ComplexMatrix) throws -> ComplexMatrix {
        let n = m.n, slack = 256
        var a = columnMajor(m) + [Double](repeating: 0, count: slack)
        var b = columnMajor(.identity(n)) + [Double](repeating: 0, count: slack)
        var pivots = [Int32](repeating: 0, count: n + slack)
        let info = a.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { bp in
            LAPACKE_zgesv_work(LAPACK_COL_MAJOR, Int32(n), Int32(n), OpaquePointer(ap.baseAddress!), Int32(n), &pivots,
                               OpaquePointer(bp.baseAddress!), Int32(n))
        } }
        guard info == 0 else { throw QuantumSimError.linearAlgebra("exp(X): X is not diagonalisable (zgesv info \(info))") }
        var r = ComplexMatrix(zeros: n)
        for i in 0..<n { for j in 0..<n { r[i, j] = (b[2 * (j * n + i)], b[2 * (j * n + i) + 1]) } }
        return r
    }

    /// The interleaved column-major copy of `m`.
    static func columnMajor(_ m: ComplexMatrix) -> [Double] {
        let n = m.n
        var c = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n { for j in 0..<n {
            c[2 * (j * n + i)] = m.storage[2 * (i * n + j)]
            c[2 * (j * n + i) + 1] = m.storage[2 * (i * n + j) + 1]
        } }
        return c
    }
}
