import CBLAS
import Foundation

/// A dense n×n complex matrix, row-major with interleaved (re, im) storage — the layout of
/// LAPACK's `lapack_complex_double`. Used for the small dense pieces of QML models
/// (n = 2ᵏ ≤ 1024): gate matrices, SU(2ⁿ) exponentials and their cotangents.
public struct ComplexMatrix: Equatable, Sendable {
    /// Rows (= columns).
    public let n: Int
    /// 2·n² reals: element (i, j) is `(storage[2(i·n+j)], storage[2(i·n+j)+1])`.
    public var storage: [Double]

    /// The zero matrix.
    public init(zeros n: Int) {
        self.n = n
        storage = [Double](repeating: 0, count: 2 * n * n)
    }

    /// The identity.
    public static func identity(_ n: Int) -> ComplexMatrix {
        var m = ComplexMatrix(zeros: n)
        for i in 0..<n { m.storage[2 * (i * n + i)] = 1 }
        return m
    }

    /// Element (i, j) as (re, im).
    @inlinable public subscript(i: Int, j: Int) -> (re: Double, im: Double) {
        get { (storage[2 * (i * n + j)], storage[2 * (i * n + j) + 1]) }
        set { storage[2 * (i * n + j)] = newValue.re; storage[2 * (i * n + j) + 1] = newValue.im }
    }

    /// The conjugate transpose M†.
    public var adjoint: ComplexMatrix {
        var r = ComplexMatrix(zeros: n)
        for i in 0..<n { for j in 0..<n {
            r.storage[2 * (j * n + i)] = storage[2 * (i * n + j)]
            r.storage[2 * (j * n + i) + 1] = -storage[2 * (i * n + j) + 1]
        } }
        return r
    }

    /// The product self·other (O(n³), zgemm).
    public func multiplied(by other: ComplexMatrix) -> ComplexMatrix {
        precondition(n == other.n, "ComplexMatrix: \(n)×\(n) times \(other.n)×\(other.n)")
        var r = ComplexMatrix(zeros: n)
        var one: (Double, Double) = (1, 0), zero: (Double, Double) = (0, 0)
        storage.withUnsafeBufferPointer { a in other.storage.withUnsafeBufferPointer { b in r.storage.withUnsafeMutableBufferPointer { c in
            withUnsafePointer(to: &one) { alpha in withUnsafePointer(to: &zero) { beta in
                cblas_zgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), alpha, a.baseAddress, Int32(n),
                            b.baseAddress, Int32(n), beta, c.baseAddress, Int32(n))
            } }
        } } }
        return r
    }

    /// max |(M†M − I)_ij|: how far from unitary.
    public var unitarityError: Double {
        let p = adjoint.multiplied(by: self)
        var e = 0.0
        for i in 0..<n { for j in 0..<n {
            let (re, im) = p[i, j]
            e = Swift.max(e, Swift.abs(re - (i == j ? 1 : 0)), Swift.abs(im))
        } }
        return e
    }
}

/// The eigendecomposition H = V·diag(μ)·V† of a Hermitian matrix (LAPACK `zheevd`):
/// eigenvalues ascending, eigenvectors in V's columns. O(n³).
public struct HermitianEigen: Sendable {
    /// μ, ascending.
    public var values: [Double]
    /// V, unitary, eigenvectors as columns.
    public var vectors: ComplexMatrix

    /// Decomposes `h` (only its lower triangle is read). Throws when LAPACK fails.
    ///
    /// LAPACK is given its own column-major copy and work arrays, each with slack at the end:
    /// OpenBLAS 0.3.21's AVX2 `zgemv` (inside `zhetrd`) reads a little past the arrays it is
    /// given, which crashed intermittently at n = 128 when an array ended at a page boundary.
    /// The copy read column-major is Hᵀ = conj(H): same eigenvalues, conjugated eigenvectors.
    public init(_ h: ComplexMatrix) throws {
        let n = h.n, slack = 256
        var a = h.storage + [Double](repeating: 0, count: slack)
        var w = [Double](repeating: 0, count: n + slack)
        var sizes = (work: [Double](repeating: 0, count: 2), rwork: [Double](repeating: 0, count: 1), iwork: [Int32](repeating: 0, count: 1))
        let info = Self.call(n, &a, &w, &sizes.work, -1, &sizes.rwork, -1, &sizes.iwork, -1)
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zheevd workspace query failed with info \(info)") }
        let (lwork, lrwork, liwork) = (Int(sizes.work[0]), Int(sizes.rwork[0]), Int(sizes.iwork[0]))
        var work = [Double](repeating: 0, count: 2 * lwork + slack)
        var rwork = [Double](repeating: 0, count: lrwork + slack)
        var iwork = [Int32](repeating: 0, count: liwork + slack)
        let result = Self.call(n, &a, &w, &work, lwork, &rwork, lrwork, &iwork, liwork)
        guard result == 0 else { throw QuantumSimError.linearAlgebra("zheevd failed with info \(result) on a \(n)×\(n) matrix") }
        values = Array(w[0..<n])
        vectors = ComplexMatrix(zeros: n)
        // column-major eigenvectors of conj(H): V[i, j] = conj(a[j·n + i])
        for i in 0..<n {
            for j in 0..<n {
                vectors[i, j] = (a[2 * (j * n + i)], -a[2 * (j * n + i) + 1])
            }
        }
    }

    /// One `zheevd` call on column-major `a` (jobz V, uplo U); −1 sizes query the workspace.
    private static func call(_ n: Int, _ a: inout [Double], _ w: inout [Double], _ work: inout [Double], _ lwork: Int,
                             _ rwork: inout [Double], _ lrwork: Int, _ iwork: inout [Int32], _ liwork: Int) -> Int32 {
        a.withUnsafeMutableBufferPointer { ap in
            work.withUnsafeMutableBufferPointer { wp in
                LAPACKE_zheevd_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                                    OpaquePointer(ap.baseAddress!), Int32(n), &w, OpaquePointer(wp.baseAddress!), Int32(lwork),
                                    &rwork, Int32(lrwork), &iwork, Int32(liwork))
            }
        }
    }
}

/// The eigendecomposition A = E·diag(λ)·Eᵀ of a real symmetric matrix (LAPACK `dsyevd`).
public struct SymmetricEigen: Sendable {
    /// λ, ascending.
    public var values: [Double]
    /// E row-major, eigenvectors as columns: `vectors[i·n + j]` is component i of eigenvector j.
    public var vectors: [Double]

    /// Decomposes the n×n row-major `matrix` (upper triangle read). Throws when LAPACK fails.
    public init(_ matrix: [Double], n: Int) throws {
        precondition(matrix.count == n * n, "SymmetricEigen: \(matrix.count) values for \(n)×\(n)")
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw QuantumSimError.linearAlgebra("dsyevd failed with info \(info) on a \(n)×\(n) matrix") }
        values = w
        vectors = a
    }

    /// NaN eigenvalues and eigenvectors: the decomposition of a matrix with a non-finite entry,
    /// which LAPACK must not be given. It makes the outputs NaN, like any other arithmetic on NaN.
    init(undefined n: Int) {
        values = [Double](repeating: .nan, count: n)
        vectors = [Double](repeating: .nan, count: n * n)
    }
}
