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
        WindowGeometry.valid(offset: offset, stride: strideW, size: width, count: outW)
    }

    /// The range of output rows `oh` whose input row `oh·strideH + offset` lies in `0..<height`.
    @inline(__always)
    func validRows(offset: Int) -> Range<Int> {
        WindowGeometry.valid(offset: offset, stride: strideH, size: height, count: outH)
    }

    @inline(__always)
    static func valid(offset: Int, stride: Int, size: Int, count: Int) -> Range<Int> {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let hi = last < 0 ? 0 : Swift.min(count, last / stride + 1)
        return Swift.min(lo, hi)..<hi
    }
}

/// The loops behind convolution: im2col, col2im and the layout shuffles around the GEMMs.
/// Generic, but only called from the `Float`/`Double` witnesses, so each is specialised.
enum ConvolutionKernels {
    /// cols[(c, kh, kw), b·P + oh·OW + ow] = x[b, c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw]
    /// (0 outside the input), for `images` images; cols is `[patchSize, images·P]`, written
    /// one row at a time so the stores stream. Rows are often only 8–24 long, so the valid
    /// ranges are computed once per tap and the inner loop only bumps pointers.
    static func im2col<T: TensorScalar>(_ x: UnsafePointer<T>, _ cols: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        let plane = g.height &* g.width, ow = g.outW, p = g.outPlane, rowLength = images &* p
        let sw = g.strideW, step = g.strideH &* g.width
        for c in 0..<g.channels {
            for kh in 0..<g.kernelH {
                let offH = kh &* g.dilationH &- g.padH
                let rows = g.validRows(offset: offH)
                for kw in 0..<g.kernelW {
                    let row = cols + ((c &* g.kernelH &+ kh) &* g.kernelW &+ kw) &* rowLength
                    let offW = kw &* g.dilationW &- g.padW
                    let v = g.validColumns(offset: offW)
                    let full = sw == 1 && v.count == ow
                    for b in 0..<images {
                        let image = row + b &* p
                        let above: Int = rows.lowerBound &* ow
                        let inputRow: Int = rows.lowerBound &* g.strideH &+ offH
                        let srcOffset: Int = (b &* g.channels &+ c) &* plane &+ inputRow &* g.width &+ offW
                        VectorOps.zero(image, above)
                        var dst = image + above
                        var src = x + srcOffset
                        if full {
                            for _ in rows { VectorOps.copy(src, dst, ow); dst += ow; src += step }
                        } else {
                            for _ in rows {
                                VectorOps.zero(dst, v.lowerBound)
                                if sw == 1 {
                                    VectorOps.copy(src + v.lowerBound, dst + v.lowerBound, v.count)
                                } else {
                                    for i in v { dst[i] = src[i &* sw] }
                                }
                                VectorOps.zero(dst + v.upperBound, ow &- v.upperBound)
                                dst += ow; src += step
                            }
                        }
                        VectorOps.zero(dst, (g.outH &- rows.upperBound) &* ow)
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: dx = 0, then dx[b, c, ih, iw] += cols[(c, kh, kw), b·P + oh·OW + ow]
    /// over every window position that reads (ih, iw). One cols row at a time: taps `kw` and
    /// `kw + 1` overlap in dx, and adding them back to back stalls on store forwarding.
    static func col2im<T: TensorScalar>(_ cols: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        let plane = g.height &* g.width, ow = g.outW, p = g.outPlane, rowLength = images &* p
        let sw = g.strideW, step = g.strideH &* g.width
        VectorOps.zero(dx, images &* g.channels &* plane)
        for c in 0..<g.channels {
            for kh in 0..<g.kernelH {
                let offH = kh &* g.dilationH &- g.padH
                let rows = g.validRows(offset: offH)
                for kw in 0..<g.kernelW {
                    let row = cols + ((c &* g.kernelH &+ kh) &* g.kernelW &+ kw) &* rowLength
                    let offW = kw &* g.dilationW &- g.padW
                    let v = g.validColumns(offset: offW)
                    for b in 0..<images {
                        let colOffset: Int = b &* p &+ rows.lowerBound &* ow
                        let inputRow: Int = rows.lowerBound &* g.strideH &+ offH
                        let dxOffset: Int = (b &* g.channels &+ c) &* plane &+ inputRow &* g.width &+ offW
                        var src = row + colOffset
                        var dst = dx + dxOffset
                        for _ in rows {
                            if sw == 1 {
                                VectorOps.add(src + v.lowerBound, dst + v.lowerBound, v.count)
                            } else {
                                for i in v { dst[i &* sw] += src[i] }
                            }
                            src += ow; dst += step
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
