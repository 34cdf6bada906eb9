import Foundation

/// U = exp(i·c·H) for a Hermitian H through its eigendecomposition, with the exact
/// vector–Jacobian product back to H (the adjoint Fréchet derivative).
///
/// With H = V·diag(μ)·V†, U = V·diag(e^{icμ})·V†, and a first-order change δH gives
/// δU = V·[(V†δH V) ∘ Φ]·V† with the Daleckii–Krein divided differences
/// Φ_jk = (e^{icμ_j} − e^{icμ_k}) / (μ_j − μ_k)  (j ≠ k),   Φ_jj = i·c·e^{icμ_j},
/// evaluated as Φ_jk = i·c·e^{ic(μ_j+μ_k)/2}·sinc(c(μ_j−μ_k)/2), which is exact and
/// continuous through (near-)degenerate eigenvalues. Cost O(n³) per product.
public struct HermitianExponential: Sendable {
    /// The decomposition of H.
    public let eigen: HermitianEigen
    /// The factor c in exp(i·c·H).
    public let c: Double
    /// exp(i·c·H).
    public let matrix: ComplexMatrix

    /// Decomposes `h` and forms exp(i·c·h). O(n³).
    public init(_ h: ComplexMatrix, c: Double) throws {
        eigen = try HermitianEigen(h)
        self.c = c
        let n = h.n, v = eigen.vectors
        // V·diag(e^{icμ})
        var scaled = v
        for j in 0..<n {
            let (cr, ci) = (Foundation.cos(c * eigen.values[j]), Foundation.sin(c * eigen.values[j]))
            for i in 0..<n {
                let (re, im) = v[i, j]
                scaled[i, j] = (re * cr - im * ci, re * ci + im * cr)
            }
        }
        matrix = scaled.multiplied(by: v.adjoint)
    }

    /// Given Ḡ = ∂L/∂U (so that δL = Re tr(Ḡ†·δU)), returns ∂L/∂H in the same convention:
    /// δL = Re tr((∂L/∂H)†·δH) for every δH. For a Hermitian H = Σ_k ω_k P_k, ∂L/∂ω_k =
    /// Re tr((∂L/∂H)†·P_k) (`PauliBasis.coefficientGradient`). O(n³).
    public func pullback(_ gBar: ComplexMatrix) -> ComplexMatrix {
        let n = gBar.n, v = eigen.vectors, vh = v.adjoint
        // B = V†·Ḡ·V; C = B ∘ conj(Φ); result V·C·V†.
        var b = vh.multiplied(by: gBar).multiplied(by: v)
        let mu = eigen.values
        for j in 0..<n { for k in 0..<n {
            let half = c * (mu[j] - mu[k]) / 2
            let sinc = Swift.abs(half) < 1e-8 ? 1 - half * half / 6 : Foundation.sin(half) / half
            let phase = c * (mu[j] + mu[k]) / 2
            // Φ = i·c·sinc·e^{i·phase} = c·sinc·(−sin phase + i cos phase); conj(Φ) = c·sinc·(−sin − i cos).
            let (pr, pi) = (-c * sinc * Foundation.sin(phase), -c * sinc * Foundation.cos(phase))
            let (br, bi) = b[j, k]
            b[j, k] = (br * pr - bi * pi, br * pi + bi * pr)
        } }
        return v.multiplied(by: b).multiplied(by: vh)
    }
}
