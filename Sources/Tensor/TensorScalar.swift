import CBLAS
import Foundation

/// The element types a `Tensor` can hold: `Float` and `Double`.
///
/// Every hot loop is reached through a requirement of this protocol, so a caller that is
/// generic over the scalar type still runs a kernel compiled for the concrete type (an
/// unspecialised generic loop across a module boundary is ~20× slower).
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, BitwiseCopyable, Sendable, Codable, LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
    /// `exp`, `log`, … of one value (used outside hot loops and by the kernels).
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self

    /// C ← α·op(A)·op(B) + β·C, row-major (BLAS `?gemm`). op(A) is m×k, op(B) is k×n.
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// out[i] = op(x[i]) for `count` elements.
    static func unaryKernel(_ op: UnaryOp<Self>, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    /// out = op(a, b) over `plan`, which describes broadcasting by strides.
    static func binaryKernel(_ op: BinaryOp, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ plan: BroadcastPlan)
    /// Reduces the middle axis of a `[outer, length, inner]` view: out is `[outer, inner]`.
    static func reduceKernel(_ op: ReduceOp, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, outer: Int, length: Int, inner: Int)

    /// dst[plan] = src[plan]: the strided copy behind every movement op.
    static func stridedCopyKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, _ plan: CopyPlan)
    /// Transposes `batch` row-major `rows × cols` matrices into `cols × rows` ones (cache-blocked).
    static func transposeKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, batch: Int, rows: Int, cols: Int)
    /// dst[i] += src[i] for `count` elements.
    static func accumulateKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, _ count: Int)
    /// y[i] += alpha·x[i] for `count` elements (BLAS axpy).
    static func axpyKernel(_ alpha: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    /// dst[i] = value for `count` elements.
    static func fillKernel(_ dst: UnsafeMutablePointer<Self>, _ value: Self, _ count: Int)

    /// im2col for `images` images `[images, C, H, W]` into `[C·KH·KW, images·OH·OW]` (zeros for padding).
    static func im2colKernel(_ x: UnsafePointer<Self>, _ cols: UnsafeMutablePointer<Self>, _ g: WindowGeometry, images: Int)
    /// The adjoint of `im2colKernel`: sets dx (`[images, C, H, W]`) to the sum of the columns reading each input.
    static func col2imKernel(_ cols: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ g: WindowGeometry, images: Int)
    /// out[b, o, p] = src[o, b·plane + p] + bias[o] (bias may be nil).
    static func convScatterOutputKernel(_ src: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>?,
                                        channels: Int, plane: Int, images: Int)
    /// dst[o, b·plane + p] = g[b, o, p] and biasGrad[o] += Σ_{b,p} g[b, o, p].
    static func convGatherGradientKernel(_ g: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, biasGrad: UnsafeMutablePointer<Self>,
                                         channels: Int, plane: Int, images: Int)
    /// Max pooling of `planes` planes; argmax gets flat indices into `x`.
    static func maxPool2dKernel(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ argmax: UnsafeMutablePointer<Int32>,
                                _ g: WindowGeometry, planes: Int)
    /// Average pooling of `planes` planes (padding counts as zeros).
    static func avgPool2dKernel(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ g: WindowGeometry, planes: Int)
    /// The adjoint of `avgPool2dKernel`; sets all of dx.
    static func avgPool2dBackwardKernel(_ gy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ g: WindowGeometry, planes: Int)
    /// dst[indices[i]] += src[i] for `count` elements.
    static func scatterAddKernel(_ src: UnsafePointer<Self>, _ indices: UnsafePointer<Int32>, _ dst: UnsafeMutablePointer<Self>, _ count: Int)
}

extension Float: TensorScalar {
    public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    public static func log(_ x: Float) -> Float { Foundation.log(x) }
    public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    public static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    public static func erf(_ x: Float) -> Float { Foundation.erf(x) }

    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASThreads.run(work: m * n * k) {
            blasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                     beta: beta, c: c, ldc: ldc)
        }
    }

    private static func blasGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 1 {
            // one row (inference on a single sample): a matrix-vector product; sgemm/dgemm
            // would pack the whole of B first (40 % of LeNet-5 at batch 1)
            let incX = Int32(transA ? lda : 1)
            // newer OpenBLAS scales y by beta = 0 as a product, which keeps NaN from unset memory
            if beta == 0 { c.update(repeating: 0, count: n) }
            if transB {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, incX, beta, c, 1)
            } else {
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, incX, beta, c, 1)
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func unaryKernel(_ op: UnaryOp<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        Kernels.unary(op, x, out, count)
    }
    public static func binaryKernel(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ plan: BroadcastPlan) {
        Kernels.binary(op, a, b, out, plan)
    }
    public static func reduceKernel(_ op: ReduceOp, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, outer: Int, length: Int, inner: Int) {
        Kernels.reduce(op, x, out, outer: outer, length: length, inner: inner)
    }
    public static func stridedCopyKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ plan: CopyPlan) {
        MovementKernels.stridedCopy(src, dst, plan)
    }
    public static func transposeKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, batch: Int, rows: Int, cols: Int) {
        MovementKernels.transpose(src, dst, batch: batch, rows: rows, cols: cols)
    }
    public static func axpyKernel(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    public static func accumulateKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        MovementKernels.accumulate(src, dst, count)
    }
    public static func fillKernel(_ dst: UnsafeMutablePointer<Float>, _ value: Float, _ count: Int) {
        MovementKernels.fill(dst, value, count)
    }
    public static func im2colKernel(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, _ g: WindowGeometry, images: Int) {
        ConvolutionKernels.im2col(x, cols, g, images: images)
    }
    public static func col2imKernel(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: WindowGeometry, images: Int) {
        ConvolutionKernels.col2im(cols, dx, g, images: images)
    }
    public static func convScatterOutputKernel(_ src: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?,
                                               channels: Int, plane: Int, images: Int) {
        ConvolutionKernels.scatterOutput(src, out, bias: bias, channels: channels, plane: plane, images: images)
    }
    public static func convGatherGradientKernel(_ g: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, biasGrad: UnsafeMutablePointer<Float>,
                                                channels: Int, plane: Int, images: Int) {
        ConvolutionKernels.gatherGradient(g, dst, biasGrad: biasGrad, channels: channels, plane: plane, images: images)
    }
    public static func maxPool2dKernel(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>,
                                       _ g: WindowGeometry, planes: Int) {
        PoolingKernels.maxPool(x, out, argmax, g, planes: planes)
    }
    public static func avgPool2dKernel(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ g: WindowGeometry, planes: Int) {
        PoolingKernels.avgPool(x, out, g, planes: planes)
    }
    public static func avgPool2dBackwardKernel(_ gy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ g: WindowGeometry, planes: Int) {
        PoolingKernels.avgPoolBackward(gy, dx, g, planes: planes)
    }
    public static func scatterAddKernel(_ src: UnsafePointer<Float>, _ indices: UnsafePointer<Int32>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        PoolingKernels.scatterAdd(src, indices, dst, count)
    }
}

extension Double: TensorScalar {
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    public static func erf(_ x: Double) -> Double { Foundation.erf(x) }

    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        BLASThreads.run(work: m * n * k) {
            blasGemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                     beta: beta, c: c, ldc: ldc)
        }
    }

    private static func blasGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if m == 1 {
            // one row (inference on a single sample): a matrix-vector product; sgemm/dgemm
            // would pack the whole of B first (40 % of LeNet-5 at batch 1)
            let incX = Int32(transA ? lda : 1)
            // newer OpenBLAS scales y by beta = 0 as a product, which keeps NaN from unset memory
            if beta == 0 { c.update(repeating: 0, count: n) }
            if transB {
                cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, incX, beta, c, 1)
            } else {
                cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, incX, beta, c, 1)
            }
            return
        }
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func unaryKernel(_ op: UnaryOp<Double>, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        Kernels.unary(op, x, out, count)
    }
    public static func binaryKernel(_ op: BinaryOp, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ plan: BroadcastPlan) {
        Kernels.binary(op, a, b, out, plan)
    }
    public static func reduceKernel(_ op: ReduceOp, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, outer: Int, length: Int, inner: Int) {
        Kernels.reduce(op, x, out, outer: outer, length: length, inner: inner)
    }
    public static func stridedCopyKernel(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ plan: CopyPlan) {
        MovementKernels.stridedCopy(src, dst, plan)
    }
    public static func transposeKernel(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, batch: Int, rows: Int, cols: Int) {
        MovementKernels.transpose(src, dst, batch: batch, rows: rows, cols: cols)
    }
    public static func axpyKernel(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        cblas_daxpy(Int32(count), alpha, x, 1, y, 1)
    }

    public static func accumulateKernel(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ count: Int) {
        MovementKernels.accumulate(src, dst, count)
    }
    public static func fillKernel(_ dst: UnsafeMutablePointer<Double>, _ value: Double, _ count: Int) {
        MovementKernels.fill(dst, value, count)
    }
    public static func im2colKernel(_ x: UnsafePointer<Double>, _ cols: UnsafeMutablePointer<Double>, _ g: WindowGeometry, images: Int) {
        ConvolutionKernels.im2col(x, cols, g, images: images)
    }
    public static func col2imKernel(_ cols: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ g: WindowGeometry, images: Int) {
        ConvolutionKernels.col2im(cols, dx, g, images: images)
    }
    public static func convScatterOutputKernel(_ src: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?,
                                               channels: Int, plane: Int, images: Int) {
        ConvolutionKernels.scatterOutput(src, out, bias: bias, channels: channels, plane: plane, images: images)
    }
    public static func convGatherGradientKernel(_ g: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, biasGrad: UnsafeMutablePointer<Double>,
                                                channels: Int, plane: Int, images: Int) {
        ConvolutionKernels.gatherGradient(g, dst, biasGrad: biasGrad, channels: channels, plane: plane, images: images)
    }
    public static func maxPool2dKernel(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ argmax: UnsafeMutablePointer<Int32>,
                                       _ g: WindowGeometry, planes: Int) {
        PoolingKernels.maxPool(x, out, argmax, g, planes: planes)
    }
    public static func avgPool2dKernel(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ g: WindowGeometry, planes: Int) {
        PoolingKernels.avgPool(x, out, g, planes: planes)
    }
    public static func avgPool2dBackwardKernel(_ gy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ g: WindowGeometry, planes: Int) {
        PoolingKernels.avgPoolBackward(gy, dx, g, planes: planes)
    }
    public static func scatterAddKernel(_ src: UnsafePointer<Double>, _ indices: UnsafePointer<Int32>, _ dst: UnsafeMutablePointer<Double>, _ count: Int) {
        PoolingKernels.scatterAdd(src, indices, dst, count)
    }
}

/// Threads used by BLAS and by Quanta's own parallel kernels.
public enum Threading {
    nonisolated(unsafe) private static var current = 1
    /// Sets the thread count for BLAS and Quanta's kernels (at least 1).
    public static func setThreads(_ n: Int) {
        current = max(1, n)
        openblas_set_num_threads(Int32(current))
    }
    /// The thread count set last (1 by default).
    public static var threads: Int { current }
}
