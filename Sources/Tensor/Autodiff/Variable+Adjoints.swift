/// Differentiable forms of the linear maps that gradient rules apply (the adjoints of
/// convolution, pooling and gathering), used when a gradient must itself be differentiated.
extension Variable {
    /// Σ over the axes that broadcasting added or stretched, back to `target` (a broadcast's adjoint).
    public func summed(toShape target: [Int]) -> Variable {
        if shape == target { return self }
        let lead = value.rank - target.count
        precondition(lead >= 0, "summed(toShape:): \(shape) cannot reduce to \(target)")
        var axes = Array(0..<lead)
        for (k, n) in target.enumerated() where n == 1 && shape[lead + k] != 1 { axes.append(lead + k) }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }

    /// Elements at flat (row-major) `indices`, shaped `shape`.
    public func gathered(at indices: [Int32], shape resultShape: [Int]) -> Variable {
        record(value.gathered(at: indices, shape: resultShape), .gather(indices: indices, sourceShape: shape), self)
    }

    /// Zeros of `shape` with each element of `self` added at its flat index in `indices`.
    public func scatteredAdding(at indices: [Int32], shape resultShape: [Int]) -> Variable {
        record(value.scatteredAdding(at: indices, shape: resultShape), .scatterAdd(indices: indices, shape: resultShape), self)
    }

    /// Zeros of [rowCount, …] with row i of `self` added into row `indices[i]`.
    public func scatteredAddingRows(_ indices: [Int], rowCount: Int) -> Variable {
        record(Tensor.scatterAddRows(value, indices: indices, rowCount: rowCount),
               .scatterAddRows(indices: indices, rowCount: rowCount), self)
    }
}

/// The transposed convolution of `gradOutput` [N, O, OH, OW] with `weight` [O, C/groups, KH, KW]
/// to `inputShape` [N, C, H, W]: ∂conv2d/∂input applied to `gradOutput`.
public func conv2dInputGradient<Scalar>(_ gradOutput: Variable<Scalar>, weight: Variable<Scalar>, inputShape: [Int],
                                        _ config: Conv2DConfig) -> Variable<Scalar> {
    let value = Tensor.conv2dInputGradient(gradOutput.value, weight: weight.value, inputShape: inputShape, config)
    return Variable(value, op: .conv2dInputGradient(config, inputShape: inputShape), inputs: [gradOutput, weight])
}

/// ∂conv2d/∂weight applied to `gradOutput`, for `input` [N, C, H, W]; shaped `weightShape`.
public func conv2dWeightGradient<Scalar>(_ input: Variable<Scalar>, gradOutput: Variable<Scalar>, weightShape: [Int],
                                         _ config: Conv2DConfig) -> Variable<Scalar> {
    let value = Tensor.conv2dWeightGradient(input.value, gradOutput: gradOutput.value, weightShape: weightShape, config)
    return Variable(value, op: .conv2dWeightGradient(config, weightShape: weightShape), inputs: [input, gradOutput])
}

/// The adjoint of average pooling: `gradOutput` [N, C, OH, OW] spread back over `inputShape`.
public func avgPool2dTranspose<Scalar>(_ gradOutput: Variable<Scalar>, inputShape: [Int],
                                       _ config: Pool2DConfig) -> Variable<Scalar> {
    let value = Tensor.avgPool2dBackward(gradOutput: gradOutput.value, inputShape: inputShape, config)
    return Variable(value, op: .avgPool2dTranspose(config, inputShape: inputShape), inputs: [gradOutput])
}
