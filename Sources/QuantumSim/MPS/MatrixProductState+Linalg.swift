import CBLAS

/// Small dense complex linear algebra for matrix product states: products by `zgemm`, SVDs by
/// LAPACK `zgesdd`, QR / LQ by `zgeqrf` / `zgelqf`. Matrices are row-major [Complex].
enum MPSAlgebra {
    /// a (m×k) · b (k×n).
    static func multiply(_ a: [Complex], _ b: [Complex], _ m: Int, _ k: Int, _ n: Int) -> [Complex] {
        ComplexGEMM.multiply(a, b, m, k, n)
    }

    /// a (m×n) = U·diag(s)·V†, thin: U m×r, s r, V† r×n, r = min(m, n).
    static func svd(_ a: [Complex], _ m: Int, _ n: Int) throws -> (u: [Complex], s: [Double], vt: [Complex]) {
        let r = min(m, n)
        // slack at the end of every array: OpenBLAS 0.3.21 kernels inside LAPACK read a little past them
        let slack = 64
        var copy = a + [Complex](repeating: .zero, count: slack)
        var s = [Double](repeating: 0, count: r + slack)
        var u = [Complex](repeating: .zero, count: m * r + slack)
        var vt = [Complex](repeating: .zero, count: r * n + slack)
        let info = copy.withUnsafeMutableBytes { ap in
            u.withUnsafeMutableBytes { up in
                vt.withUnsafeMutableBytes { vp in
                    LAPACKE_zgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n), OpaquePointer(ap.baseAddress),
                                   Int32(n), &s, OpaquePointer(up.baseAddress), Int32(r), OpaquePointer(vp.baseAddress), Int32(n))
                }
            }
        }
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zgesdd failed with info \(info) on a \(m)×\(n) matrix") }
        return (Array(u[0..<(m * r)]), Array(s[0..<r]), Array(vt[0..<(r * n)]))
    }

    /// a (m×n) = Q·R: Q m×k with orthonormal columns, R k×n, k = min(m, n).
    static func qr(_ a: [Complex], _ m: Int, _ n: Int) throws -> (q: [Complex], r: [Complex], k: Int) {
        let k = min(m, n)
        let slack = 64
        var work = a + [Complex](repeating: .zero, count: slack)
        var tau = [Complex](repeating: .zero, count: k + slack)
        let info = work.withUnsafeMutableBytes { ap in
            tau.withUnsafeMutableBytes { tp in
                LAPACKE_zgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), OpaquePointer(ap.baseAddress), Int32(n), OpaquePointer(tp.baseAddress))
            }
        }
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zgeqrf failed with info \(info) on a \(m)×\(n) matrix") }
        // R: the upper triangle of the first k rows
        let r = (0..<(k * n)).map { $0 % n >= $0 / n ? work[$0] : Complex.zero }
        // Q: the first k columns, formed in place from the reflectors
        var q = (0..<(m * k)).map { work[($0 / k) * n + $0 % k] } + [Complex](repeating: .zero, count: slack)
        let formed = q.withUnsafeMutableBytes { qp in
            tau.withUnsafeMutableBytes { tp in
                LAPACKE_zungqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), OpaquePointer(qp.baseAddress), Int32(k), OpaquePointer(tp.baseAddress))
            }
        }
        guard formed == 0 else { throw QuantumSimError.linearAlgebra("zungqr failed with info \(formed) on a \(m)×\(k) matrix") }
        return (Array(q[0..<(m * k)]), r, k)
    }

    /// a (m×n) = L·Q: L m×k lower triangular, Q k×n with orthonormal rows, k = min(m, n).
    static func lq(_ a: [Complex], _ m: Int, _ n: Int) throws -> (l: [Complex], q: [Complex], k: Int) {
        let k = min(m, n)
        let slack = 64
        var work = a + [Complex](repeating: .zero, count: slack)
        var tau = [Complex](repeating: .zero, count: k + slack)
        let info = work.withUnsafeMutableBytes { ap in
            tau.withUnsafeMutableBytes { tp in
                LAPACKE_zgelqf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), OpaquePointer(ap.baseAddress), Int32(n), OpaquePointer(tp.baseAddress))
            }
        }
        guard info == 0 else { throw QuantumSimError.linearAlgebra("zgelqf failed with info \(info) on a \(m)×\(n) matrix") }
        let l = (0..<(m * k)).map { $0 % k <= $0 / k ? work[($0 / k) * n + $0 % k] : Complex.zero }
        var q = Array(work[0..<(k * n)]) + [Complex](repeating: .zero, count: slack)
        let formed = q.withUnsafeMutableBytes { qp in
            tau.withUnsafeMutableBytes { tp in
                LAPACKE_zunglq(LAPACK_ROW_MAJOR, Int32(k), Int32(n), Int32(k), OpaquePointer(qp.baseAddress), Int32(n), OpaquePointer(tp.baseAddress))
            }
        }
        guard formed == 0 else { throw QuantumSimError.linearAlgebra("zunglq failed with info \(formed) on a \(k)×\(n) matrix") }
        return (l, Array(q[0..<(k * n)]), k)
    }
}
