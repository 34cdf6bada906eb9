import CBLAS

/// Complex matrix products through BLAS `zgemm`, on row-major [Complex] matrices.
public enum ComplexGEMM {
    /// a (m×k) · b (k×n), or with `adjointB` a (m×k) · b† for b stored n×k. O(m·k·n).
    public static func multiply(_ a: [Complex], _ b: [Complex], _ m: Int, _ k: Int, _ n: Int, adjointB: Bool = false) -> [Complex] {
        var c = [Complex](repeating: .zero, count: m * n)
        var one = Complex.one
        var zero = Complex.zero
        a.withUnsafeBytes { ap in
            b.withUnsafeBytes { bp in
                c.withUnsafeMutableBytes { cp in
                    cblas_zgemm(CblasRowMajor, CblasNoTrans, adjointB ? CblasConjTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), &one,
                                ap.baseAddress, Int32(k), bp.baseAddress, Int32(adjointB ? k : n), &zero, cp.baseAddress, Int32(n))
                }
            }
        }
        return c
    }
}
