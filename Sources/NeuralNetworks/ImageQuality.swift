import Foundation

/// How close a reconstructed image is to its original: PSNR and SSIM, for greyscale images
/// [H, W] (row-major) whose values span `dataRange` (1 for pixels in [0, 1]).
public enum ImageQuality {
    /// 10·log10(R² / MSE) in dB (infinity for identical images). O(H·W).
    public static func psnr(_ a: [Float], _ b: [Float], dataRange r: Double = 1) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "psnr: \(a.count) and \(b.count) pixels")
        let mse = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(a.count)
        return mse == 0 ? .infinity : 10 * log10(r * r / mse)
    }

    /// The mean structural similarity of Wang et al. (2004) with a Gaussian window (σ = 1.5,
    /// truncated at 3.5σ: 11×11), K₁ = 0.01, K₂ = 0.03 and population covariances, averaged over
    /// the pixels at least 5 from the border — scikit-image's `structural_similarity(a, b,
    /// gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=R)`, images
    /// mirrored at the edges (scipy's "reflect"). O(H·W·11). Both images at least 11×11.
    public static func ssim(_ a: [Float], _ b: [Float], height h: Int, width w: Int, dataRange r: Double = 1) -> Double {
        precondition(a.count == h * w && b.count == h * w && h >= 11 && w >= 11, "ssim: images of \(a.count), \(b.count) pixels for \(h)×\(w) (≥ 11×11)")
        let x = a.map(Double.init), y = b.map(Double.init)
        let blur = { (v: [Double]) in gaussian(v, height: h, width: w) }
        let (mx, my) = (blur(x), blur(y))
        let (mxx, myy) = (blur(zip(x, x).map(*)), blur(zip(y, y).map(*)))
        let mxy = blur(zip(x, y).map(*))
        let c1 = (0.01 * r) * (0.01 * r), c2 = (0.03 * r) * (0.03 * r)
        var sum = 0.0
        for i in 5..<(h - 5) {
            for j in 5..<(w - 5) {
                let k = i * w + j
                let vx = mxx[k] - mx[k] * mx[k], vy = myy[k] - my[k] * my[k], vxy = mxy[k] - mx[k] * my[k]
                let numerator = (2 * mx[k] * my[k] + c1) * (2 * vxy + c2)
                sum += numerator / ((mx[k] * mx[k] + my[k] * my[k] + c1) * (vx + vy + c2))
            }
        }
        return sum / Double((h - 10) * (w - 10))
    }

    /// The Gaussian filter (σ 1.5, radius 5) along rows, then columns, mirrored at the edges.
    static func gaussian(_ v: [Double], height h: Int, width w: Int) -> [Double] {
        let weights = (-5...5).map { exp(-Double($0 * $0) / (2 * 1.5 * 1.5)) }
        let total = weights.reduce(0, +)
        let kernel = weights.map { $0 / total }
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i - 1 : (i >= n ? 2 * n - i - 1 : i) }
        var rows = [Double](repeating: 0, count: v.count), out = rows
        for i in 0..<h {
            for j in 0..<w {
                rows[i * w + j] = (0..<11).reduce(0) { $0 + kernel[$1] * v[i * w + reflect(j + $1 - 5, w)] }
            }
        }
        for i in 0..<h {
            for j in 0..<w {
                out[i * w + j] = (0..<11).reduce(0) { $0 + kernel[$1] * rows[reflect(i + $1 - 5, h) * w + j] }
            }
        }
        return out
    }
}
