import Tensor

/// Geometric transforms on the last two axes (height, width) of image batches
/// [N, H, W] or [N, C, H, W], and flattening.
public enum ImageTransforms {
    /// How `resize` interpolates.
    public enum ResizeMethod: String, Sendable, CaseIterable {
        /// Linear in each axis, sampling at pixel centres (half-pixel offsets, edges clamped),
        /// as PyTorch's `interpolate(mode: "bilinear", align_corners: false)`.
        case bilinear
        /// Each output pixel is the area-weighted mean of the input pixels it covers
        /// (OpenCV's INTER_AREA); the right choice for shrinking (28×28 → 4×4).
        case area
    }

    /// `x` with `value` added around the last two axes: [..., H, W] → [..., H+top+bottom, W+left+right].
    public static func pad(_ x: Tensor<Float>, top: Int, bottom: Int, left: Int, right: Int, value: Float = 0) -> Tensor<Float> {
        precondition(x.rank >= 2, "pad: need [..., H, W], got shape \(x.shape)")
        precondition(top >= 0 && bottom >= 0 && left >= 0 && right >= 0, "pad: negative padding")
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        let planes = x.count / max(h * w, 1)
        let oh = h + top + bottom, ow = w + left + right
        var out = [Float](repeating: value, count: planes * oh * ow)
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<planes where h * w > 0 {
                    for r in 0..<h {
                        (dst.baseAddress! + (p * oh + r + top) * ow + left).update(from: src.baseAddress! + (p * h + r) * w, count: w)
                    }
                }
            }
        }
        return Tensor(shape: Array(x.shape.dropLast(2)) + [oh, ow], scalars: out)
    }

    /// `x` resized on its last two axes to `height` × `width`. Separable: O(planes × (H·W' + H'·W')).
    public static func resize(_ x: Tensor<Float>, height: Int, width: Int, method: ResizeMethod = .bilinear) -> Tensor<Float> {
        precondition(x.rank >= 2, "resize: need [..., H, W], got shape \(x.shape)")
        precondition(height > 0 && width > 0, "resize: target \(height)×\(width) must be positive")
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        precondition(h > 0 && w > 0, "resize: cannot resize an empty image of shape \(x.shape)")
        let rows = weights(from: h, to: height, method), columns = weights(from: w, to: width, method)
        let planes = x.count / (h * w)
        var out = [Float](repeating: 0, count: planes * height * width)
        var temp = [Float](repeating: 0, count: h * width)
        x.withUnsafeBufferPointer { src in
            for p in 0..<planes {
                let image = src.baseAddress! + p * h * w
                // Columns first: temp [h, width].
                for r in 0..<h {
                    for (j, taps) in columns.enumerated() {
                        var s: Float = 0
                        for (i, weight) in taps { s += weight * image[r * w + i] }
                        temp[r * width + j] = s
                    }
                }
                for (i, taps) in rows.enumerated() {
                    for j in 0..<width {
                        var s: Float = 0
                        for (r, weight) in taps { s += weight * temp[r * width + j] }
                        out[(p * height + i) * width + j] = s
                    }
                }
            }
        }
        return Tensor(shape: Array(x.shape.dropLast(2)) + [height, width], scalars: out)
    }

    /// For each output index along one axis, the input indices and weights (summing to 1).
    static func weights(from n: Int, to m: Int, _ method: ResizeMethod) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        return (0..<m).map { j in
            switch method {
            case .bilinear:
                let centre = max((Double(j) + 0.5) * scale - 0.5, 0)
                let i0 = min(Int(centre), n - 1), i1 = min(i0 + 1, n - 1)
                let t = Float(centre - Double(i0))
                return i0 == i1 ? [(i0, Float(1))] : [(i0, 1 - t), (i1, t)]
            case .area:
                let lo = Double(j) * scale, hi = Double(j + 1) * scale
                var taps = [(Int, Float)]()
                var i = Int(lo)
                while Double(i) < hi && i < n {
                    let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                    if overlap > 1e-12 { taps.append((i, Float(overlap / scale))) }
                    i += 1
                }
                return taps
            }
        }
    }

    /// Square single-channel images ([N, 1, H, H], [N, H, H] or flattened [N, H·H]) zero-padded
    /// symmetrically (the extra row or column, if any, at the bottom/right) to side×side and
    /// flattened to [N, side²].
    /// - Throws: `DatasetError.invalidArgument` if the samples are not square images of side ≤ `side`.
    public static func padToSquare(_ x: Tensor<Float>, side: Int) throws -> Tensor<Float> {
        let n = x.shape.first ?? 0
        let count = x.count / Swift.max(n, 1)
        let h = Int(Double(count).squareRoot())
        guard h * h == count, h <= side else {
            throw DatasetError.invalidArgument("samples of \(count) values are not square images of side ≤ \(side)")
        }
        let top = (side - h) / 2
        let padded = pad(x.reshaped([n, 1, h, h]), top: top, bottom: side - h - top, left: top, right: side - h - top)
        return padded.reshaped([n, side * side])
    }

    /// [N, d1, d2, …] → [N, d1·d2·…].
    public static func flatten(_ x: Tensor<Float>) -> Tensor<Float> {
        precondition(x.rank >= 1, "flatten: need a sample axis")
        return x.reshaped([x.shape[0], x.shape.dropFirst().reduce(1, *)])
    }
}

extension DataSplit {
    /// Features passed through `transform` (labels and targets unchanged).
    public func mapFeatures(_ transform: (Tensor<Float>) throws -> Tensor<Float>) rethrows -> DataSplit {
        DataSplit(features: try transform(features), labels: labels, targets: targets)
    }
}
