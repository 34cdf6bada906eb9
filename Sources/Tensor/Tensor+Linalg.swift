extension Tensor {
    /// Matrix product `op(self) · op(other)` where `op` transposes the last two axes when asked.
    ///
    /// - 2-D: `[M, K] · [K, N] → [M, N]` (with `transposeSelf`, `self` is `[K, M]`; with
    ///   `transposeOther`, `other` is `[N, K]`).
    /// - Batched (either rank ≥ 3): `[B…, M, K] · [B…, K, N] → [B…, M, N]`; the batch axes
    ///   broadcast with numpy rules, so a rank-2 operand is shared by every batch item.
    ///
    /// One BLAS GEMM when the batch folds into M (`other` shared, `self` not transposed),
    /// otherwise one GEMM per batch item. O(B·M·N·K).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "matmul: shapes \(shape) and \(other.shape) need at least 2 axes")
        let (m, k) = transposeSelf ? (shape[rank - 1], shape[rank - 2]) : (shape[rank - 2], shape[rank - 1])
        let (k2, n) = transposeOther ? (other.shape[other.rank - 1], other.shape[other.rank - 2])
                                     : (other.shape[other.rank - 2], other.shape[other.rank - 1])
        precondition(k == k2, "matmul: inner sizes differ for shapes \(shape) and \(other.shape) (transposeSelf: \(transposeSelf), transposeOther: \(transposeOther))")
        let aBatch = Array(shape.dropLast(2)), bBatch = Array(other.shape.dropLast(2))
        let batchShape = Tensor.broadcastBatch(aBatch, bBatch, shape, other.shape)
        let batch = Tensor.count(of: batchShape)
        let outShape = batchShape + [m, n]
        let lda = Swift.max(1, shape[rank - 1]), ldb = Swift.max(1, other.shape[other.rank - 1]), ldc = Swift.max(1, n)
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                Tensor(shape: outShape) { c in
                    let total = batch * m * n
                    if k == 0 { Scalar.fillKernel(c, 0, total); return }
                    if total == 0 { return }
                    let pa = a.baseAddress!, pb = b.baseAddress!
                    let aShared = Tensor.count(of: aBatch) == 1, bShared = Tensor.count(of: bBatch) == 1
                    if bShared && !transposeSelf && Tensor.count(of: aBatch) == batch {
                        Scalar.gemm(transA: false, transB: transposeOther, m: batch * m, n: n, k: k,
                                    alpha: 1, a: pa, lda: lda, b: pb, ldb: ldb, beta: 0, c: c, ldc: ldc)
                        return
                    }
                    let aOffsets = aShared ? [Int](repeating: 0, count: batch)
                        : Tensor.batchOffsets(aBatch, in: batchShape, matrixSize: m * k)
                    let bOffsets = bShared ? [Int](repeating: 0, count: batch)
                        : Tensor.batchOffsets(bBatch, in: batchShape, matrixSize: k * n)
                    for i in 0..<batch {
                        Scalar.gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k,
                                    alpha: 1, a: pa + aOffsets[i], lda: lda, b: pb + bOffsets[i], ldb: ldb,
                                    beta: 0, c: c + i * m * n, ldc: ldc)
                    }
                }
            }
        }
    }

    /// The broadcast of two batch shapes (numpy rules); traps naming both full shapes.
    static func broadcastBatch(_ a: [Int], _ b: [Int], _ fullA: [Int], _ fullB: [Int]) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        let ap = Array(repeating: 1, count: rank - a.count) + a
        let bp = Array(repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { i in
            precondition(ap[i] == bp[i] || ap[i] == 1 || bp[i] == 1,
                         "matmul: batch axes of shapes \(fullA) and \(fullB) do not broadcast")
            return Swift.max(ap[i], bp[i])
        }
    }

    /// For each item of the (row-major) `batchShape`, the element offset of the matching
    /// matrix in an operand whose batch axes are `operandBatch` (broadcast where 1).
    static func batchOffsets(_ operandBatch: [Int], in batchShape: [Int], matrixSize: Int) -> [Int] {
        let padded = Array(repeating: 1, count: batchShape.count - operandBatch.count) + operandBatch
        let itemStrides = Tensor.strides(of: padded).enumerated().map { padded[$0.offset] == 1 ? 0 : $0.element * matrixSize }
        let batch = Tensor.count(of: batchShape)
        var offsets = [Int](repeating: 0, count: batch)
        var index = [Int](repeating: 0, count: batchShape.count)
        var offset = 0
        for i in 0..<batch {
            offsets[i] = offset
            var axis = batchShape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += itemStrides[axis]
                if index[axis] < batchShape[axis] { break }
                offset -= itemStrides[axis] * batchShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return offsets
    }
}
