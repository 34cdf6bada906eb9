/// Max pooling layer over [N, C, H, W].
public final class MaxPool2D<Scalar: TensorScalar>: StatelessLayer {
    public let config: Pool2DConfig
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        config = Pool2DConfig(kernel: (kernelSize, kernelSize), stride: (stride ?? kernelSize, stride ?? kernelSize),
                              padding: (padding, padding))
    }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { maxPool2d(x, config) }
}
