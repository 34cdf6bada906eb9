import NeuralNetworks

/// How a trained forecaster reads and extends a series: W steps in, H steps out, C channels,
/// standardised by the training part's per-channel mean and std.
public struct Forecaster: Sendable, Equatable {
    public var window: Int
    public var horizon: Int
    public var channels: Int
    public var mean: [Float]
    public var std: [Float]

    public init(window: Int, horizon: Int, channels: Int, mean: [Float], std: [Float]) {
        self.window = window
        self.horizon = horizon
        self.channels = channels
        self.mean = mean
        self.std = std
    }

    /// The forecaster a checkpoint's spec describes (nil unless it has a horizon and target statistics).
    public init?(_ spec: ModelSpec) {
        guard let horizon = spec.horizon, let t = spec.targetNormalization, let w = spec.inputShape.first else { return nil }
        let c = spec.inputShape.count == 2 ? spec.inputShape[1] : 1
        guard t.mean.count == horizon * c else { return nil }
        self.init(window: w, horizon: horizon, channels: c, mean: Array(t.mean.prefix(c)), std: Array(t.std.prefix(c)))
    }

    /// `steps` values forecast after `history` ([S, C] row-major, S ≥ W, original units), feeding
    /// each prediction back as input: the model runs ⌈steps / H⌉ times on standardised windows
    /// [1, W] (C = 1) or [1, W, C] and gives standardised [1, H·C]. Returns [steps, C] row-major,
    /// in original units.
    public func rollout(history: [Float], steps: Int, model: (Tensor<Float>) -> Tensor<Float>) -> [Float] {
        precondition(history.count >= window * channels, "rollout: \(history.count / channels) steps of history for a window of \(window)")
        var recent = standardised(Array(history.suffix(window * channels)))
        var out = [Float]()
        let shape = channels == 1 ? [1, window] : [1, window, channels]
        while out.count < steps * channels {
            let next = model(Tensor(shape: shape, scalars: recent)).scalars
            out += next
            recent = Array((recent + next).suffix(window * channels))
        }
        return destandardised(Array(out.prefix(steps * channels)))
    }

    func standardised(_ v: [Float]) -> [Float] {
        v.enumerated().map { i, x in (x - mean[i % channels]) / std[i % channels] }
    }

    func destandardised(_ v: [Float]) -> [Float] {
        v.enumerated().map { i, x in x * std[i % channels] + mean[i % channels] }
    }
}
