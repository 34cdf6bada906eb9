import CKernels

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

    /// The same geometry for the C kernels.
    var cWindow: quanta_window {
        quanta_window(channels: channels, height: height, width: width, kernel_h: kernelH, kernel_w: kernelW,
                      stride_h: strideH, stride_w: strideW, pad_h: padH, pad_w: padW, dilation_h: dilationH,
                      dilation_w: dilationW, out_h: outH, out_w: outW)
    }

    /// Output positions per plane.
    public var outPlane: Int { outH * outW }
    /// Rows of the im2col matrix: channels · kernelH · kernelW.
    public var patchSize: Int { channels * kernelH * kernelW }
}

/// The loops behind convolution: im2col, col2im and the layout shuffles around the GEMMs.
/// Generic, but only called from the `Float`/`Double` witnesses, so each is specialised.
enum ConvolutionKernels {
    /// cols[(c, kh, kw), b·P + oh·OW + ow] = x[b, c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw]
    /// (0 outside the input), for `images` images; cols is `[patchSize, images·P]`, written
    /// one row at a time so the stores stream (the C loop, per instruction set).
    static func im2col<T: TensorScalar>(_ x: UnsafePointer<T>, _ cols: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        withUnsafePointer(to: g.cWindow) { quanta_im2col(ElementwiseC.flag(T.self), x, cols, $0, images) }
    }

    /// The adjoint of `im2col`: dx = 0, then dx[b, c, ih, iw] += cols[(c, kh, kw), b·P + oh·OW + ow]
    /// over every window position that reads (ih, iw) (the C loop, per instruction set).
    static func col2im<T: TensorScalar>(_ cols: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ g: WindowGeometry, images: Int) {
        withUnsafePointer(to: g.cWindow) { quanta_col2im(ElementwiseC.flag(T.self), cols, dx, $0, images) }
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
