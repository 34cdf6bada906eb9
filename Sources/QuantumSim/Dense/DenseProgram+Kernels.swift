import Foundation
import CBLAS

/// Inner loops of `DenseProgram` on interleaved complex states (raw pointers, no allocation).
extension DenseProgram {
    /// ψ ← M·ψ on the qubits of `site` (M is 2ᵏ×2ᵏ interleaved); `scratch` holds ≥ 2·2ᵏ reals.
    @inline(__always)
    static func apply(_ m: UnsafePointer<Double>, offsets: [Int], bases: [Int], _ psi: UnsafeMutablePointer<Double>,
                      scratch v: UnsafeMutablePointer<Double>) {
        let size = offsets.count
        offsets.withUnsafeBufferPointer { off in
            for base in bases {
                for a in 0..<size { v[2 * a] = psi[2 * (base + off[a])]; v[2 * a + 1] = psi[2 * (base + off[a]) + 1] }
                for a in 0..<size {
                    var sr = 0.0, si = 0.0
                    let row = m + 2 * a * size
                    for b in 0..<size {
                        let (mr, mi, xr, xi) = (row[2 * b], row[2 * b + 1], v[2 * b], v[2 * b + 1])
                        sr += mr * xr - mi * xi; si += mr * xi + mi * xr
                    }
                    psi[2 * (base + off[a])] = sr; psi[2 * (base + off[a]) + 1] = si
                }
            }
        }
    }

    /// Ḡ[a][b] += Σ_base φ[base+off_a]·conj(ψ[base+off_b]): the cotangent of the local matrix.
    @inline(__always)
    static func accumulateCotangent(_ g: UnsafeMutablePointer<Double>, offsets: [Int], bases: [Int],
                                    phi: UnsafePointer<Double>, psi: UnsafePointer<Double>) {
        let size = offsets.count
        offsets.withUnsafeBufferPointer { off in
            for base in bases {
                for a in 0..<size {
                    let (pr, pi) = (phi[2 * (base + off[a])], phi[2 * (base + off[a]) + 1])
                    for b in 0..<size {
                        let (qr, qi) = (psi[2 * (base + off[b])], psi[2 * (base + off[b]) + 1])
                        g[2 * (a * size + b)] += pr * qr + pi * qi
                        g[2 * (a * size + b) + 1] += pi * qr - pr * qi
                    }
                }
            }
        }
    }

    /// out ← E·in (or Eᵀ·in) for a real row-major d×d E and an interleaved complex vector.
    /// Hand-written: at d ≤ 32 a BLAS call costs more than the 2·d² multiply-adds.
    @inline(__always)
    static func realTransform(_ e: UnsafePointer<Double>, transpose: Bool, _ input: UnsafePointer<Double>,
                              _ out: UnsafeMutablePointer<Double>, d: Int) {
        if transpose {
            out.initialize(repeating: 0, count: 2 * d)
            for i in 0..<d {
                let (xr, xi) = (input[2 * i], input[2 * i + 1])
                let row = e + i * d
                for j in 0..<d { out[2 * j] += row[j] * xr; out[2 * j + 1] += row[j] * xi }
            }
        } else {
            for i in 0..<d {
                var sr = 0.0, si = 0.0
                let row = e + i * d
                for j in 0..<d { sr += row[j] * input[2 * j]; si += row[j] * input[2 * j + 1] }
                out[2 * i] = sr; out[2 * i + 1] = si
            }
        }
    }

    /// v ← e^{i·c·λ_j}·v_j element-wise.
    @inline(__always)
    static func phase(_ v: UnsafeMutablePointer<Double>, _ lambda: UnsafePointer<Double>, c: Double, d: Int) {
        for j in 0..<d {
            let (cr, ci) = (cos(c * lambda[j]), sin(c * lambda[j]))
            let (re, im) = (v[2 * j], v[2 * j + 1])
            v[2 * j] = re * cr - im * ci; v[2 * j + 1] = re * ci + im * cr
        }
    }
}

/// out ← A·B or A·Bᵀ for real row-major d×d matrices.
@inline(__always)
func cblas_dgemm_wrapper(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, d: Int, transposeSecond: Bool) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, transposeSecond ? CblasTrans : CblasNoTrans, Int32(d), Int32(d), Int32(d), 1, a, Int32(d),
                b, Int32(d), 0, out, Int32(d))
}
