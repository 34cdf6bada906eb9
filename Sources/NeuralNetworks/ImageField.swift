import Foundation

/// A grey image seen as a field over [−1, 1]²: the pixel at row i, column j sits at
/// (x, y) = (−1 + 2j/(W−1), −1 + 2i/(H−1)). A seeded share of the pixels can be hidden while
/// fitting (field completion) and scored afterwards. A coordinate network [N, 2] → [N, 1] is
/// fitted to the visible pixels by full-batch Adam on the mean squared error.
public struct ImageField: Sendable {
    public let height: Int
    public let width: Int
    /// The image, row-major, H·W values.
    public let pixels: [Float]
    /// Every pixel's (x, y), [H·W, 2].
    public let coordinates: Tensor<Float>
    /// Pixels fitted (all when nothing is hidden), in row-major order.
    public let visible: [Int]
    /// Pixels withheld from fitting, in row-major order.
    public let hidden: [Int]

    /// `image` [H, W] (H, W ≥ 11, SSIM's window) with round(fraction·H·W) pixels hidden, chosen by `seed`.
    public init(image: Tensor<Float>, hiddenFraction fraction: Double = 0, seed: UInt64 = 0) {
        precondition(image.rank == 2 && image.shape.allSatisfy { $0 >= 11 }, "ImageField: need [H, W] with H, W ≥ 11, got \(image.shape)")
        precondition((0..<1).contains(fraction), "ImageField: the hidden fraction \(fraction) is not in [0, 1)")
        (height, width) = (image.shape[0], image.shape[1])
        pixels = image.scalars
        let (h, w) = (height, width)
        var xy: [Float] = []
        xy.reserveCapacity(2 * h * w)
        for i in 0..<h {
            for j in 0..<w {
                xy.append(Float(-1 + 2 * Double(j) / Double(w - 1)))
                xy.append(Float(-1 + 2 * Double(i) / Double(h - 1)))
            }
        }
        coordinates = Tensor(shape: [h * w, 2], scalars: xy)
        var rng = RandomGenerator(seed: seed)
        let withheld = Set(rng.permutation(h * w).prefix(Int((fraction * Double(h * w)).rounded())))
        hidden = (0..<(h * w)).filter { withheld.contains($0) }
        visible = (0..<(h * w)).filter { !withheld.contains($0) }
    }

    /// Fits `model` to the visible pixels for `steps` full-batch Adam steps at `learningRate`;
    /// `progress(step, loss)` after each. Returns the loss of every step. O(steps · model cost).
    @discardableResult
    public func fit(_ model: any Layer<Float>, steps: Int, learningRate: Double,
                    progress: (Int, Double) -> Void = { _, _ in }) -> [Double] {
        let x = coordinates.gatherRows(visible)
        let target = Tensor(shape: [visible.count, 1], scalars: visible.map { pixels[$0] })
        let optimizer = Adam(model.parameters, learningRate: learningRate)
        model.isTraining = true
        var losses: [Double] = []
        for step in 0..<steps {
            let loss = meanSquaredError(model(Variable(x)), target)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            losses.append(Double(loss.value.scalar))
            progress(step, losses[step])
        }
        return losses
    }

    /// The model's image, row-major H·W values clamped to [0, 1].
    public func render(_ model: any Layer<Float>) -> [Float] {
        model.isTraining = false
        return model(coordinates).scalars.map { Swift.min(Swift.max($0, 0), 1) }
    }

    /// How a rendering scores: PSNR and SSIM of the whole image; with hidden pixels, the PSNR
    /// on them alone and the SSIM of the completed image (known pixels kept, hidden ones rendered).
    public func scores(_ rendered: [Float]) -> (psnr: Double, ssim: Double, hiddenPSNR: Double?, completedSSIM: Double?) {
        let (h, w) = (height, width)
        let psnr = ImageQuality.psnr(rendered, pixels)
        let ssim = ImageQuality.ssim(rendered, pixels, height: h, width: w)
        guard !hidden.isEmpty else { return (psnr, ssim, nil, nil) }
        let hiddenPSNR = ImageQuality.psnr(hidden.map { rendered[$0] }, hidden.map { pixels[$0] })
        var completed = pixels
        for i in hidden { completed[i] = rendered[i] }
        return (psnr, ssim, hiddenPSNR, ImageQuality.ssim(completed, pixels, height: h, width: w))
    }
}
