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

    /// Decomposes `h` (only its upper triangle is read). Throws when LAPACK fails.
    public init(_ h: ComplexMatrix) throws {
        var a = h.storage
        var w = [Double](repeating: 0, count: h.n)
        let n = Int32(h.n)
        let info = a.withUnsafeMutableBufferPointer { p in
            LAPACKE_zheevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), n, OpaquePointer(p.baseAddress!), n, &w)
        }
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zheevd failed with info \(info) on a \(h.n)×\(h.n) matrix") }
        values = w
        vectors = ComplexMatrix(zeros: h.n)
        vectors.storage = a
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
