/// The optimisers the classifier papers train with.
public enum PaperOptimizer: String, Codable, Sendable, CaseIterable {
    /// Adam at a constant rate.
    case adam
    /// optax's chain of the HamEmb MNIST runs: gradients clipped element-wise to ±1, Adam,
    /// rate lr·0.99^(step/100).
    case adamClipDecay = "adam-clip-decay"
    /// Adam with the rate cosine-decayed to 0 over the run (PennyLane QCNN).
    case adamCosine = "adam-cosine"
    /// SGD with Nesterov momentum 0.9 (Hur et al.).
    case nesterov
    /// Full-batch L-BFGS (Pérez-Salinas et al.'s scipy L-BFGS-B without bounds); `epochs`
    /// bounds the iterations, batch size and rate play no part.
    case lbfgs
}
