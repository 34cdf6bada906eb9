/// Batch normalisation over the channel axis 1 of [N, C] (1d) or [N, C, H, W] (2d):
/// y = (x − μ)/√(σ² + ε)·γ + β. Training uses batch statistics (biased σ²) and updates the
/// running ones, r ← (1−m)·r + m·batch (unbiased σ² for the running variance, as PyTorch);
/// evaluation uses the running statistics.
public final class BatchNorm<Scalar: TensorScalar>: Layer {
    public let gamma: Variable<Scalar>
    public let beta: Variable<Scalar>
    public private(set) var runningMean: Tensor<Scalar>
    public private(set) var runningVariance: Tensor<Scalar>
    public let momentum: Scalar
    public let epsilon: Scalar
    public var isTraining = true
    let spatial: Bool

    init(channels: Int, spatial: Bool, momentum: Scalar, epsilon: Scalar) {
        gamma = Variable(.ones([channels]), requiresGrad: true)
        beta = Variable(.zeros([channels]), requiresGrad: true)
        runningMean = .zeros([channels])
        runningVariance = .ones([channels])
        self.momentum = momentum
        self.epsilon = epsilon
        self.spatial = spatial
    }

    /// For [N, C] inputs.
    public static func oneD(_ channels: Int, momentum: Scalar = 0.1, epsilon: Scalar = 1e-5) -> BatchNorm {
        BatchNorm(channels: channels, spatial: false, momentum: momentum, epsilon: epsilon)
    }

    /// For [N, C, H, W] inputs.
    public static func twoD(_ channels: Int, momentum: Scalar = 0.1, epsilon: Scalar = 1e-5) -> BatchNorm {
        BatchNorm(channels: channels, spatial: true, momentum: momentum, epsilon: epsilon)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let c = gamma.shape[0]
        precondition(x.value.rank == (spatial ? 4 : 2) && x.shape[1] == c,
                     "BatchNorm: input \(x.shape) does not match \(c) channels (\(spatial ? "[N,C,H,W]" : "[N,C]"))")
        let statShape = spatial ? [1, c, 1, 1] : [1, c]
        guard isTraining else {
            let scale = (runningVariance + epsilon).pow(-0.5).reshaped(statShape)
            let normalized = (x - runningMean.reshaped(statShape)) * scale
            return normalized * gamma.reshaped(statShape) + beta.reshaped(statShape)
        }
        let (y, mean, variance) = BatchNormTraining.apply(x, gamma: gamma, beta: beta, epsilon: Double(epsilon))
        let n = Double(x.value.count / c)
        let unbiased = Tensor<Scalar>(shape: [c], scalars: variance.map { Scalar($0 * n / Swift.max(n - 1, 1)) })
        runningMean = runningMean * (1 - momentum) + Tensor(shape: [c], scalars: mean.map { Scalar($0) }) * momentum
        runningVariance = runningVariance * (1 - momentum) + unbiased * momentum
        return y
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("weight", gamma), ("bias", beta)] }
    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }
    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        guard tensor.shape == runningMean.shape else { return false }
        switch name {
        case "running_mean": runningMean = tensor
        case "running_var": runningVariance = tensor
        default: return false
        }
        return true
    }
}
