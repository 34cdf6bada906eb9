import Foundation
import Testing
@testable import NeuralNetworks

/// SSIM and PSNR against scikit-image 0.26 (`structural_similarity(a, b, gaussian_weights=True,
/// sigma=1.5, use_sample_covariance=False, data_range=1)`, `peak_signal_noise_ratio`), computed
/// offline on the images `pair` draws (float32, as here).
@Suite struct ImageQualityTests {
    /// a = 0.5 + 0.4·sin(0.3i + k)·cos(0.2j), b = clip(a + 0.15·sin(1.7i + 2.3j + k)·cos(0.9j), 0, 1).
    static func pair(_ h: Int, _ w: Int, _ k: Double) -> ([Float], [Float]) {
        var a = [Float](), b = [Float]()
        for i in 0..<h {
            for j in 0..<w {
                let (x, y) = (Double(i), Double(j))
                let v = 0.5 + 0.4 * sin(0.3 * x + k) * cos(0.2 * y)
                a.append(Float(v))
                b.append(Float(Swift.min(Swift.max(v + 0.15 * sin(1.7 * x + 2.3 * y + k) * cos(0.9 * y), 0), 1)))
            }
        }
        return (a, b)
    }

    @Test(arguments: [(32, 32, 0.0, 0.7492702610888496, 22.45467613551081),
                      (48, 64, 1.0, 0.7586299503522776, 22.441256681126628),
                      (16, 16, 2.0, 0.7471479723056992, 22.382360427195856)])
    func matchScikitImage(h: Int, w: Int, k: Double, ssim: Double, psnr: Double) {
        let (a, b) = Self.pair(h, w, k)
        #expect(abs(ImageQuality.ssim(a, b, height: h, width: w) - ssim) < 1e-4)
        #expect(abs(ImageQuality.psnr(a, b) - psnr) < 1e-4)
    }

    @Test func identicalImagesAreSimilarAndInfinitelySharp() {
        let (a, _) = Self.pair(12, 12, 0)
        #expect(abs(ImageQuality.ssim(a, a, height: 12, width: 12) - 1) < 1e-12)
        #expect(ImageQuality.psnr(a, a) == .infinity)
    }
}
