extension Tensor {
    /// Normalises possibly-negative axes and checks they are in range.
    func normalizedAxes(_ axes: [Int]) -> [Int] {
        let result = axes.map { $0 < 0 ? $0 + rank : $0 }
        precondition(result.allSatisfy { $0 >= 0 && $0 < rank }, "Tensor: axes \(axes) out of range for shape \(shape)")
        return Array(Set(result)).sorted()
    }

    /// Reduces one axis with `op`; the axis is kept with size 1 when `keepDims`.
    /// O(count).
    public func reduce(_ op: ReduceOp, axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = normalizedAxes([axis])[0]
        let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        precondition(length > 0 || op == .sum, "Tensor.reduce: \(op) over empty axis \(axis) of shape \(shape)")
        var outShape = shape
        if keepDims { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        return withUnsafeBufferPointer { x in
            Tensor(shape: outShape) { out in
                Scalar.reduceKernel(op, x.baseAddress!, out, outer: outer, length: length, inner: inner)
            }
        }
    }

    /// Sum over `axes` (all axes when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduceMany(.sum, axes: axes, keepDims: keepDims)
    }

    /// Mean over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes ?? Array(0..<rank))
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Scalar(Swift.max(n, 1)))
    }

    /// Maximum over `axes` (all axes when nil).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduceMany(.max, axes: axes, keepDims: keepDims)
    }

    /// Minimum over `axes` (all axes when nil).
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        reduceMany(.min, axes: axes, keepDims: keepDims)
    }

    /// log Σ exp over one axis, computed stably (max subtracted first).
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        reduce(.logSumExp, axis: axis, keepDims: keepDims)
    }

    /// Index of the maximum along `axis`, as integers.
    public func argmax(axis: Int) -> [Int] {
        reduce(.argmax, axis: axis).scalars.map { Int($0) }
    }

    /// Index of the minimum along `axis`, as integers.
    public func argmin(axis: Int) -> [Int] {
        reduce(.argmin, axis: axis).scalars.map { Int($0) }
    }

    func reduceMany(_ op: ReduceOp, axes: [Int]?, keepDims: Bool) -> Tensor {
        let axes = normalizedAxes(axes ?? Array(0..<rank))
        var result = self
        // Reduce the highest axis first so lower axis numbers stay valid.
        for axis in axes.reversed() { result = result.reduce(op, axis: axis, keepDims: true) }
        if !keepDims {
            result = result.reshaped(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
        }
        return result
    }

    /// Sums broadcast axes away so the result has `target` shape; the inverse of broadcasting
    /// `target` up to `self.shape` (used by the gradients of broadcasting ops).
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        precondition(lead >= 0, "summed(toShape:): \(shape) cannot reduce to \(target)")
        var axes = Array(0..<lead)
        for (k, n) in target.enumerated() where n == 1 && shape[lead + k] != 1 { axes.append(lead + k) }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }
}
