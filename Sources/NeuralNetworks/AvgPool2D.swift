/// Average pooling layer over [N, C, H, W] (padding counted in the average, as PyTorch's default).
public final class AvgPool2D<Scalar: TensorScalar>: StatelessLayer {
    public let config: Pool2DConfig
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        config = Pool2DConfig(kernel: (kernelSize, kernelSize), stride: (stride ?? kernelSize, stride ?? kernelSize),
                              padding: (padding, padding))
    }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { avgPool2d(x, config) }
}
