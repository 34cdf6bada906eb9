extension Tensor {
    /// Copies `shape`-many elements of `self`, starting at `offset` and stepping by
    /// `srcStrides`, into `dst` starting at `dstOffset` with `dstStrides`.
    func copy(offset: Int = 0, shape blockShape: [Int], srcStrides: [Int],
              into dst: UnsafeMutablePointer<Scalar>, dstOffset: Int = 0, dstStrides: [Int]) {
        let plan = CopyPlan(shape: blockShape, srcStrides: srcStrides, dstStrides: dstStrides)
        if plan.count == 0 { return }
        withUnsafeBufferPointer { src in
            Scalar.stridedCopyKernel(src.baseAddress! + offset, dst + dstOffset, plan)
        }
    }


    /// The axes reordered: result axis `k` is input axis `axes[k]`, so
    /// `result[i_0, …] = self[i_{inverse(0)}, …]`. Shape `axes.map { shape[$0] }`. O(count);
    /// permutations that amount to (batched) 2-D transposes run cache-blocked.
    public func permuted(_ axes: [Int]) -> Tensor {
        let axes = axes.map { $0 < 0 ? $0 + rank : $0 }
        precondition(axes.count == rank && Set(axes) == Set(0..<rank),
                     "permuted: \(axes) is not a permutation of the axes of shape \(shape)")
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }, inStrides = strides
        let plan = CopyPlan(shape: outShape, srcStrides: axes.map { inStrides[$0] },
                            dstStrides: Tensor.strides(of: outShape))
        return withUnsafeBufferPointer { src in
            Tensor(shape: outShape) { out in
                let s = plan.shape, a = plan.srcStrides
                if s.count == 2 && a == [1, s[0]] {
                    Scalar.transposeKernel(src.baseAddress!, out, batch: 1, rows: s[1], cols: s[0])
                } else if s.count == 3 && a == [s[1] * s[2], 1, s[1]] {
                    Scalar.transposeKernel(src.baseAddress!, out, batch: s[0], rows: s[2], cols: s[1])
                } else {
                    Scalar.stridedCopyKernel(src.baseAddress!, out, plan)
                }
            }
        }
    }

    /// Swaps the last two axes: `[…, m, n] → […, n, m]`. O(count), cache-blocked.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed: shape \(shape) has fewer than 2 axes")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// The sub-tensor `self[ranges[0], ranges[1], …]`; axes past `ranges.count` are kept whole.
    /// Shape: `ranges.map(\.count)` followed by the trailing axes. O(result count).
    public func sliced(_ ranges: [Range<Int>]) -> Tensor {
        precondition(ranges.count <= rank, "sliced: \(ranges.count) ranges for shape \(shape)")
        for (axis, r) in ranges.enumerated() {
            precondition(r.lowerBound >= 0 && r.upperBound <= shape[axis],
                         "sliced: range \(r) out of bounds for axis \(axis) of shape \(shape)")
        }
        let outShape = ranges.map(\.count) + shape[ranges.count...]
        if outShape == shape { return self }
        let inStrides = strides
        let offset = ranges.enumerated().reduce(0) { $0 + $1.element.lowerBound * inStrides[$1.offset] }
        return Tensor(shape: outShape) { out in
            copy(offset: offset, shape: outShape, srcStrides: inStrides, into: out, dstStrides: Tensor.strides(of: outShape))
        }
    }

    /// The sub-tensor with `axis` restricted to `range`. O(result count).
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxes([axis])[0]
        return sliced(shape[..<axis].map { 0..<$0 } + [range])
    }

    /// `self` surrounded by `value`: axis `k` grows by `padding[k].before + padding[k].after`.
    /// Padding with zeros is the gradient of slicing and vice versa. O(result count).
    public func padded(_ padding: [(before: Int, after: Int)], value: Scalar = 0) -> Tensor {
        precondition(padding.count == rank, "padded: \(padding.count) pairs for shape \(shape)")
        precondition(padding.allSatisfy { $0.before >= 0 && $0.after >= 0 }, "padded: negative padding for shape \(shape)")
        let outShape = Swift.zip(shape, padding).map { $0 + $1.before + $1.after }
        let outStrides = Tensor.strides(of: outShape)
        let offset = Swift.zip(padding, outStrides).reduce(0) { $0 + $1.0.before * $1.1 }
        return Tensor(shape: outShape) { out in
            Scalar.fillKernel(out, value, Tensor.count(of: outShape))
            copy(shape: shape, srcStrides: strides, into: out, dstOffset: offset, dstStrides: outStrides)
        }
    }

    /// Joins tensors along `axis`; all other axes must match. O(result count).
    public static func concatenated(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenated: no tensors")
        let first = tensors[0]
        let axis = first.normalizedAxes([axis])[0]
        for t in tensors {
            precondition(t.rank == first.rank && t.shape[..<axis] == first.shape[..<axis]
                         && t.shape[(axis + 1)...] == first.shape[(axis + 1)...],
                         "concatenated: shapes \(first.shape) and \(t.shape) differ off axis \(axis)")
        }
        if tensors.count == 1 { return first }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outStrides = Tensor.strides(of: outShape)
        return Tensor(shape: outShape) { out in
            var start = 0
            for t in tensors {
                t.copy(shape: t.shape, srcStrides: t.strides, into: out, dstOffset: start * outStrides[axis], dstStrides: outStrides)
                start += t.shape[axis]
            }
        }
    }

    /// Stacks equal-shaped tensors along a new axis `axis` (0…rank). O(result count).
    public static func stacked(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "stacked: no tensors")
        let shape = tensors[0].shape
        let axis = axis < 0 ? axis + shape.count + 1 : axis
        precondition(axis >= 0 && axis <= shape.count, "stacked: axis \(axis) out of range for shape \(shape)")
        for t in tensors { precondition(t.shape == shape, "stacked: shapes \(shape) and \(t.shape) differ") }
        var expanded = shape
        expanded.insert(1, at: axis)
        return concatenated(tensors.map { $0.reshaped(expanded) }, axis: axis)
    }

    /// Splits along `axis` into pieces of the given sizes (which must sum to `shape[axis]`).
    /// The inverse of `concatenated`. O(count).
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let axis = normalizedAxes([axis])[0]
        precondition(sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[axis],
                     "split: sizes \(sizes) do not sum to axis \(axis) of shape \(shape)")
        var start = 0
        return sizes.map { n in
            defer { start += n }
            return sliced(axis: axis, start..<(start + n))
        }
    }

    /// `self` repeated along broadcast axes to `shape` (numpy rules; materialised). O(result count).
    public func broadcast(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(target.count >= rank, "broadcast: shape \(shape) cannot broadcast to \(target)")
        let lead = target.count - rank, inStrides = strides
        var srcStrides = [Int](repeating: 0, count: target.count)
        for k in 0..<rank {
            precondition(shape[k] == target[lead + k] || shape[k] == 1,
                         "broadcast: shape \(shape) cannot broadcast to \(target)")
            srcStrides[lead + k] = shape[k] == 1 ? 0 : inStrides[k]
        }
        return Tensor(shape: target) { out in
            copy(shape: target, srcStrides: srcStrides, into: out, dstStrides: Tensor.strides(of: target))
        }
    }

    /// Rows of `self` (`[V, …]`) picked by `indices`: result `[n, …]` with
    /// `result[i] = self[indices[i]]` (embedding lookup). O(n · row size).
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows: shape \(shape) has no rows")
        let rows = shape[0], row = count / Swift.max(rows, 1)
        let bytes = row * MemoryLayout<Scalar>.stride
        return withUnsafeBufferPointer { src in
            Tensor(shape: [indices.count] + shape[1...]) { out in
                for (i, r) in indices.enumerated() {
                    precondition(r >= 0 && r < rows, "gatherRows: index \(r) out of range for shape \(shape)")
                    UnsafeMutableRawPointer(out + i * row).copyMemory(from: src.baseAddress! + r * row, byteCount: bytes)
                }
            }
        }
    }

    /// Elements of `self` at flat (row-major) `indices`, shaped `shape` (whose element count is
    /// `indices.count`): `result[i] = self.scalars[indices[i]]`. O(n).
    public func gathered(at indices: [Int32], shape resultShape: [Int]) -> Tensor {
        precondition(resultShape.reduce(1, *) == indices.count,
                     "gathered: shape \(resultShape) does not hold \(indices.count) indices")
        precondition(indicesInRange(indices, count), "gathered: index out of range for shape \(shape)")
        return withUnsafeBufferPointer { src in
            indices.withUnsafeBufferPointer { idx in
                Tensor(shape: resultShape) { out in
                    for i in 0..<idx.count { out[i] = src[Int(idx[i])] }
                }
            }
        }
    }

    /// The adjoint of `gathered`: zeros of `shape` with `self.scalars[i]` added at flat index
    /// `indices[i]` (repeated indices accumulate). O(n + result count).
    public func scatteredAdding(at indices: [Int32], shape resultShape: [Int]) -> Tensor {
        precondition(indices.count == count,
                     "scatteredAdding: \(count) values for \(indices.count) indices")
        var result = Tensor(repeating: 0, shape: resultShape)
        guard !indices.isEmpty else { return result }
        precondition(indicesInRange(indices, result.count),
                     "scatteredAdding: index out of range for shape \(resultShape) (values \(shape))")
        withUnsafeBufferPointer { src in
            indices.withUnsafeBufferPointer { idx in
                result.withUnsafeMutableBufferPointer { dst in
                    Scalar.scatterAddKernel(src.baseAddress!, idx.baseAddress!, dst.baseAddress!, src.count)
                }
            }
        }
        return result
    }

    /// The gradient of `gatherRows`: a `[rowCount, …]` tensor of zeros with
    /// `grad[i]` added into row `indices[i]` (repeated indices accumulate). O(n · row size).
    public static func scatterAddRows(_ grad: Tensor, indices: [Int], rowCount: Int) -> Tensor {
        precondition(grad.rank >= 1 && grad.shape[0] == indices.count,
                     "scatterAddRows: gradient shape \(grad.shape) does not match \(indices.count) indices")
        let row = grad.count / Swift.max(indices.count, 1)
        var result = Tensor(repeating: 0, shape: [rowCount] + grad.shape[1...])
        grad.withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { out in
                for (i, r) in indices.enumerated() {
                    precondition(r >= 0 && r < rowCount, "scatterAddRows: index \(r) out of range for \(rowCount) rows")
                    Scalar.accumulateKernel(g.baseAddress! + i * row, out.baseAddress! + r * row, row)
                }
            }
        }
        return result
    }
}
