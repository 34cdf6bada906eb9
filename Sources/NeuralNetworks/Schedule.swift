import Foundation

/// A learning-rate schedule: the rate for a 0-based step (an epoch or a batch, as the caller counts).
public protocol LearningRateSchedule: Sendable {
    func learningRate(at step: Int) -> Double
}

/// A fixed rate.
public struct ConstantSchedule: LearningRateSchedule {
    public let rate: Double
    public init(_ rate: Double) { self.rate = rate }
    public func learningRate(at step: Int) -> Double { rate }
}

/// η·γ^⌊step/stepSize⌋ (PyTorch StepLR).
public struct StepSchedule: LearningRateSchedule {
    public let initial: Double, stepSize: Int, gamma: Double
    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepSchedule: stepSize must be positive")
        self.initial = initial; self.stepSize = stepSize; self.gamma = gamma
    }
    public func learningRate(at step: Int) -> Double { initial * pow(gamma, Double(step / stepSize)) }
}

/// η·γ^(step/every): `every` = 1 is PyTorch's ExponentialLR; larger values decay smoothly
/// (the optax `exponential_decay` used by several papers).
public struct ExponentialSchedule: LearningRateSchedule {
    public let initial: Double, gamma: Double, every: Double
    public init(initial: Double, gamma: Double, every: Double = 1) {
        self.initial = initial; self.gamma = gamma; self.every = every
    }
    public func learningRate(at step: Int) -> Double { initial * pow(gamma, Double(step) / every) }
}

/// Cosine annealing from η to ηmin over `totalSteps`: ηmin + (η − ηmin)(1 + cos(π·step/T))/2.
public struct CosineSchedule: LearningRateSchedule {
    public let initial: Double, minimum: Double, totalSteps: Int
    public init(initial: Double, totalSteps: Int, minimum: Double = 0) {
        precondition(totalSteps > 0, "CosineSchedule: totalSteps must be positive")
        self.initial = initial; self.minimum = minimum; self.totalSteps = totalSteps
    }
    public func learningRate(at step: Int) -> Double {
        let t = Double(Swift.min(step, totalSteps)) / Double(totalSteps)
        return minimum + (initial - minimum) * (1 + cos(Double.pi * t)) / 2
    }
}

/// Linear warm-up over the first `warmupSteps` (rate·(step+1)/warmupSteps), then `base`
/// (whose step count starts after the warm-up).
public struct WarmupSchedule: LearningRateSchedule {
    public let base: any LearningRateSchedule, warmupSteps: Int
    public init(_ base: any LearningRateSchedule, warmupSteps: Int) { self.base = base; self.warmupSteps = warmupSteps }
    public func learningRate(at step: Int) -> Double {
        step < warmupSteps ? base.learningRate(at: 0) * Double(step + 1) / Double(warmupSteps)
                           : base.learningRate(at: step - warmupSteps)
    }
}

/// Scales all gradients so their joint L2 norm is at most `maxNorm`; returns the norm before clipping.
@discardableResult
public func clipGradients<Scalar>(_ parameters: [Variable<Scalar>], maxNorm: Double) -> Double {
    let total = parameters.compactMap(\.grad).reduce(0.0) { $0 + Double($1.squared().sum().scalar) }.squareRoot()
    if total > maxNorm {
        let scale = Scalar(maxNorm / (total + 1e-6))
        for p in parameters { p.grad = p.grad.map { $0 * scale } }
    }
    return total
}

/// Clamps every gradient element into [−maxValue, maxValue].
public func clipGradients<Scalar>(_ parameters: [Variable<Scalar>], maxValue: Double) {
    let c = Scalar(maxValue)
    for p in parameters { p.grad = p.grad.map { $0.clamped(-c, c) } }
}
