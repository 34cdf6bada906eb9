/// The geometry of a 2-D sliding window over `[channels, height, width]` planes: the window
/// (`kernelH × kernelW`, dilated), its stride and zero padding, and the output size. Shared by
/// the convolution and pooling kernels.
public struct WindowGeometry: Sendable, Equatable {
    public var channels, height, width: Int
    public var kernelH, kernelW: Int
    public var strideH, strideW: Int
    public var padH, padW: Int
    public var dilationH, dilationW: Int
    public var outH, outW: Int

    /// Output positions per plane.
    public var outPlane: Int { outH * outW }
    /// Rows of the im2col matrix: channels · kernelH · kernelW.
    public var patchSize: Int { channels * kernelH * kernelW }

    /// The range of output columns `ow` whose input column `ow·strideW + offset` lies in
    /// `0..<width` (so the rest read padding).
    @inline(__always)
    func validColumns(offset: Int) -> Range<Int> {
        let lo = offset >= 0 ? 0 : (-offset + strideW - 1) / strideW
        let last = width - 1 - offset
        let hi = last < 0 ? 0 : Swift.min(outW, last / strideW + 1)
        return Swift.min(lo, hi)..<hi
    }
}

/// The loops behind convolution: im2col, col2im and the layout shuffles around the GEMMs.
/// Generic, but only called from the `Float`/`Double` witnesses, so each is specialised.
enum ConvolutionKernels {
    /// cols[(c, kh, kw), b·P + oh·OW + ow] = x[b, c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw]
    /// (0 outside the input), for `images` images; cols is `[patchSize, images·P]`.
    /// Each input line is read once for all `kw` taps while it is in L1.
    static func im2col<T: TensorScalar>(_ x: UnsafePointer<T>, _ cols: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        let plane = g.height * g.width, ow = g.outW, p = g.outPlane, rowLength = images * p
        let sw = g.strideW, kws = g.kernelW
        let offsets = (0..<kws).map { $0 * g.dilationW - g.padW }
        let valid = offsets.map { g.validColumns(offset: $0) }
        for c in 0..<g.channels {
            for kh in 0..<g.kernelH {
                let rows = cols + (c * g.kernelH + kh) * kws * rowLength
                for b in 0..<images {
                    let src = x + (b * g.channels + c) * plane
                    for oh in 0..<g.outH {
                        let base = rows + b * p + oh * ow
                        let ih = oh * g.strideH - g.padH + kh * g.dilationH
                        if ih < 0 || ih >= g.height {
                            for kw in 0..<kws { VectorOps.zero(base + kw * rowLength, ow) }
                            continue
                        }
                        let line = src + ih * g.width
                        for kw in 0..<kws {
                            let dst = base + kw * rowLength, v = valid[kw], from = line + offsets[kw]
                            VectorOps.zero(dst, v.lowerBound)
                            if sw == 1 {
                                VectorOps.copy(from + v.lowerBound, dst + v.lowerBound, v.count)
                            } else {
                                for i in v { dst[i] = from[i * sw] }
                            }
                            VectorOps.zero(dst + v.upperBound, ow - v.upperBound)
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: dx = 0, then dx[b, c, ih, iw] += cols[(c, kh, kw), b·P + oh·OW + ow]
    /// over every window position that reads (ih, iw).
    static func col2im<T: TensorScalar>(_ cols: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        let plane = g.height * g.width, ow = g.outW, p = g.outPlane, rowLength = images * p
        let sw = g.strideW, kws = g.kernelW
        let offsets = (0..<kws).map { $0 * g.dilationW - g.padW }
        let valid = offsets.map { g.validColumns(offset: $0) }
        VectorOps.zero(dx, images * g.channels * plane)
        for c in 0..<g.channels {
            for kh in 0..<g.kernelH {
                let rows = cols + (c * g.kernelH + kh) * kws * rowLength
                for b in 0..<images {
                    let dst = dx + (b * g.channels + c) * plane
                    for oh in 0..<g.outH {
                        let ih = oh * g.strideH - g.padH + kh * g.dilationH
                        if ih < 0 || ih >= g.height { continue }
                        let base = rows + b * p + oh * ow, line = dst + ih * g.width
                        for kw in 0..<kws {
                            let src = base + kw * rowLength, v = valid[kw], to = line + offsets[kw]
                            if sw == 1 {
                                VectorOps.add(src + v.lowerBound, to + v.lowerBound, v.count)
                            } else {
                                for i in v { to[i * sw] += src[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// out[b, o, p] = src[o, b·P + p] + bias[o]: from the GEMM's `[O, images·P]` layout to NCHW.
    static func scatterOutput<T: TensorScalar>(_ src: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, bias: UnsafePointer<T>?,
                                               channels: Int, plane: Int, images: Int) {
        for o in 0..<channels {
            let beta = bias?[o] ?? 0
            for b in 0..<images {
                VectorOps.copyAdding(src + (o * images + b) * plane, out + (b * channels + o) * plane, plane, beta)
            }
        }
    }

    /// dst[o, b·P + p] = g[b, o, p] (NCHW to the GEMM layout) and biasGrad[o] += Σ_{b,p} g[b, o, p].
    static func gatherGradient<T: TensorScalar>(_ g: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, biasGrad: UnsafeMutablePointer<T>,
                                                channels: Int, plane: Int, images: Int) {
        for o in 0..<channels {
            var sum: T = 0
            for b in 0..<images {
                sum += VectorOps.copySum(g + (b * channels + o) * plane, dst + (o * images + b) * plane, plane)
            }
            biasGrad[o] += sum
        }
    }
}
