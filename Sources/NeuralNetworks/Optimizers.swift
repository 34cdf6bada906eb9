/// Stochastic gradient descent with momentum, Nesterov and (L2) weight decay, as PyTorch:
/// g ← g + λθ; v ← μv + g; θ ← θ − η·(nesterov ? g + μv : v).
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Variable<Scalar>]
    public var learningRate: Double
    public let momentum: Double, weightDecay: Double, nesterov: Bool
    var slots: SlotState<Scalar>

    public init(_ parameters: [Variable<Scalar>], learningRate: Double, momentum: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        precondition(!nesterov || momentum > 0, "SGD: Nesterov needs momentum > 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum; self.weightDecay = weightDecay; self.nesterov = nesterov
        slots = SlotState(names: ["momentum"], count: parameters.count)
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard var g = p.grad else { continue }
            if weightDecay != 0 { g.addScaled(p.value, Scalar(weightDecay)) }
            if momentum != 0 {
                var v = slots.slots["momentum"]![i].map { $0 * Scalar(momentum) + g } ?? g
                slots.slots["momentum"]![i] = v
                if nesterov { v = g + v * Scalar(momentum) }
                g = v
            }
            p.value.addScaled(g, Scalar(-learningRate))
        }
    }

    public var state: [(name: String, tensor: Tensor<Scalar>)] { slots.named }
    public func restore(_ state: [String: Tensor<Scalar>]) throws { try slots.restore(state, shapes: parameters.map(\.shape)) }
}

/// Adam / AdamW (decoupled weight decay) as PyTorch:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η·m̂/(√v̂ + ε) with bias-corrected m̂, v̂.
/// Adam adds λθ to g; AdamW multiplies θ by (1 − ηλ) first.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Variable<Scalar>]
    public var learningRate: Double
    public let beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, decoupled: Bool
    public private(set) var stepCount = 0
    var slots: SlotState<Scalar>

    public init(_ parameters: [Variable<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, decoupled: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.weightDecay = weightDecay; self.decoupled = decoupled
        slots = SlotState(names: ["exp_avg", "exp_avg_sq"], count: parameters.count)
    }

    /// AdamW: Adam with decoupled weight decay (default λ = 0.01 as PyTorch).
    public static func adamW(_ parameters: [Variable<Scalar>], learningRate: Double = 1e-3, weightDecay: Double = 0.01) -> Adam {
        Adam(parameters, learningRate: learningRate, weightDecay: weightDecay, decoupled: true)
    }

    public func step() {
        stepCount += 1
        let c1 = 1 - Double.pow(beta1, Double(stepCount)), c2 = 1 - Double.pow(beta2, Double(stepCount))
        for (i, p) in parameters.enumerated() {
            guard var g = p.grad else { continue }
            if weightDecay != 0 {
                if decoupled { p.value = p.value * Scalar(1 - learningRate * weightDecay) } else { g.addScaled(p.value, Scalar(weightDecay)) }
            }
            let m = (slots.slots["exp_avg"]![i] ?? .zeros(p.shape)) * Scalar(beta1) + g * Scalar(1 - beta1)
            let v = (slots.slots["exp_avg_sq"]![i] ?? .zeros(p.shape)) * Scalar(beta2) + g.squared() * Scalar(1 - beta2)
            slots.slots["exp_avg"]![i] = m
            slots.slots["exp_avg_sq"]![i] = v
            let denominator = (v * Scalar(1 / c2)).sqrt() + Scalar(epsilon)
            p.value.addScaled(m / denominator, Scalar(-learningRate / c1))
        }
    }

    public var state: [(name: String, tensor: Tensor<Scalar>)] { slots.named + [("step", Tensor(Scalar(stepCount)))] }
    public func restore(_ state: [String: Tensor<Scalar>]) throws {
        try slots.restore(state, shapes: parameters.map(\.shape))
        stepCount = try Self.stepCount(state["step"])
    }

    /// The step counter saved as a one-element tensor: a whole number in 0...2³¹.
    static func stepCount(_ saved: Tensor<Scalar>?) throws -> Int {
        guard let saved else { return 0 }
        guard saved.count == 1 else {
            throw OptimizerStateError(description: "optimizer step has \(saved.count) values, not 1")
        }
        let value = Double(saved.scalars[0])
        guard value.isFinite, value >= 0, value <= 0x1p31, value == value.rounded() else {
            throw OptimizerStateError(description: "optimizer step \(value) is not a whole number in 0...2147483648")
        }
        return Int(value)
    }
}

/// RMSprop as PyTorch (no centring): v ← αv + (1−α)g²; θ ← θ − η·g/(√v + ε), optional momentum.
public final class RMSprop<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Variable<Scalar>]
    public var learningRate: Double
    public let alpha: Double, epsilon: Double, momentum: Double, weightDecay: Double
    var slots: SlotState<Scalar>

    public init(_ parameters: [Variable<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
                momentum: Double = 0, weightDecay: Double = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha; self.epsilon = epsilon; self.momentum = momentum; self.weightDecay = weightDecay
        slots = SlotState(names: ["square_avg", "momentum_buffer"], count: parameters.count)
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard var g = p.grad else { continue }
            if weightDecay != 0 { g.addScaled(p.value, Scalar(weightDecay)) }
            let v = (slots.slots["square_avg"]![i] ?? .zeros(p.shape)) * Scalar(alpha) + g.squared() * Scalar(1 - alpha)
            slots.slots["square_avg"]![i] = v
            var update = g / (v.sqrt() + Scalar(epsilon))
            if momentum != 0 {
                update = (slots.slots["momentum_buffer"]![i] ?? .zeros(p.shape)) * Scalar(momentum) + update
                slots.slots["momentum_buffer"]![i] = update
            }
            p.value.addScaled(update, Scalar(-learningRate))
        }
    }

    public var state: [(name: String, tensor: Tensor<Scalar>)] { slots.named }
    public func restore(_ state: [String: Tensor<Scalar>]) throws { try slots.restore(state, shapes: parameters.map(\.shape)) }
}
