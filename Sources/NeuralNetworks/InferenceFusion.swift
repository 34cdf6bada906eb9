/// Layer runs that inference computes in one pass: a float convolution with stride 1, dilation
/// 1 and one group, optionally followed by ReLU and then by 2×2 max pooling with stride 2 and
/// no padding, goes through `Tensor.directConv2d` (the activation and pooling applied to each
/// output block while it is in registers). Values equal the layer-by-layer path up to the
/// order of the float additions.
enum InferenceFusion {
    /// The fused result of the layers starting at `index` and how many layers it covers, or nil
    /// when the layer there is not such a convolution.
    static func convolution<Scalar: TensorScalar>(_ layers: [any Layer<Scalar>], at index: Int, _ x: Tensor<Scalar>)
        -> (Tensor<Scalar>, Int)? {
        guard let conv = layers[index] as? Conv2D<Float>, let input = x as? Tensor<Float>, input.rank == 4,
              Tensor<Float>.directConv2dApplies(weight: conv.weight.shape, conv.config),
              input.shape[1] == conv.weight.shape[1] else { return nil }
        var used = 1
        let relu = index + used < layers.count && (layers[index + used] as? Activation<Scalar>)?.kind == .relu
        if relu { used += 1 }
        // a 1-wide output cannot be pooled: the pooling layer then runs on its own
        let pool = index + used < layers.count && isHalvingMaxPool(layers[index + used]) && outputIsPoolable(input, conv)
        if pool { used += 1 }
        let y = Tensor<Float>.directConv2d(input, conv.weight.value, bias: conv.bias?.value, padding: conv.config.padding,
                                           relu: relu, pool: pool)
        return (y as! Tensor<Scalar>, used)
    }

    /// MaxPool2D with a 2×2 window, stride 2, no padding.
    static func isHalvingMaxPool<Scalar: TensorScalar>(_ layer: any Layer<Scalar>) -> Bool {
        guard let pool = layer as? MaxPool2D<Scalar> else { return false }
        let c = pool.config
        return c.kernel == (2, 2) && c.stride == (2, 2) && c.padding == (0, 0)
    }

    /// Whether the convolution's output has at least 2 rows and columns.
    static func outputIsPoolable(_ x: Tensor<Float>, _ conv: Conv2D<Float>) -> Bool {
        let (kh, kw) = (conv.weight.shape[2], conv.weight.shape[3])
        let oh = x.shape[2] + 2 * conv.config.padding.0 - kh + 1
        let ow = x.shape[3] + 2 * conv.config.padding.1 - kw + 1
        return oh >= 2 && ow >= 2
    }
}
