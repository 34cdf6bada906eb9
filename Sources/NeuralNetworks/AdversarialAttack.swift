import Foundation

/// Adversarial examples: inputs moved within a distance ε of the originals so as to raise a
/// classifier's loss, by its input gradient (for quantum layers: the adjoint method's).
///
/// Each of `steps` steps moves x' along the loss gradient g = ∇ₓ L(model(x'), y) — by α·sign(g)
/// under the L∞ norm, by α·g/‖g‖₂ per sample under L2 — then projects x' back onto the ε-ball
/// around x and into `bounds` (the valid input range, e.g. pixels in [0, 1]). One step of α = ε
/// from x is FGSM (FGM under L2); several from a random point of the ball are PGD (BIM without
/// the random start). ε, α and the bounds are in the data's own units: with a
/// `ChannelStandardisation` the model sees standardised inputs while the attack moves the raw ones. Cost: `steps`
/// forward and backward passes.
public struct AdversarialAttack: Sendable, Codable, Equatable {
    public enum Norm: String, Sendable, Codable, CaseIterable {
        case linf, l2
    }

    public var epsilon: Double
    public var steps: Int
    /// α per step.
    public var stepSize: Double
    public var norm: Norm
    public var randomStart: Bool
    /// The valid range of every input value (raw units), or nil for none.
    public var bounds: ClosedRange<Float>?

    /// Throws for ε < 0, steps < 1 or α ≤ 0 (or values that are not finite).
    public init(epsilon: Double, steps: Int, stepSize: Double? = nil, norm: Norm = .linf, randomStart: Bool,
                bounds: ClosedRange<Float>? = nil) throws {
        let alpha = stepSize ?? (steps == 1 ? epsilon : 2.5 * epsilon / Double(steps))
        guard epsilon.isFinite, epsilon >= 0 else { throw TrainingDataError("attack: ε = \(epsilon) must be a number ≥ 0") }
        guard (1...10_000).contains(steps) else { throw TrainingDataError("attack: steps = \(steps) must be in 1...10000") }
        guard alpha.isFinite, alpha > 0 || epsilon == 0 else { throw TrainingDataError("attack: step size α = \(alpha) must be > 0") }
        self.epsilon = epsilon
        self.steps = steps
        self.stepSize = alpha
        self.norm = norm
        self.randomStart = randomStart
        self.bounds = bounds
    }

    /// The fast gradient sign method: one step of ε from x.
    public static func fgsm(epsilon: Double, bounds: ClosedRange<Float>? = nil) throws -> AdversarialAttack {
        try AdversarialAttack(epsilon: epsilon, steps: 1, norm: .linf, randomStart: false, bounds: bounds)
    }

    /// Projected gradient descent (Madry et al.): `steps` steps of α = 2.5·ε/steps from a random
    /// point of the ball (BIM without `randomStart`).
    public static func pgd(epsilon: Double, steps: Int, norm: Norm = .linf, randomStart: Bool = true,
                           bounds: ClosedRange<Float>? = nil) throws -> AdversarialAttack {
        try AdversarialAttack(epsilon: epsilon, steps: steps, norm: norm, randomStart: randomStart, bounds: bounds)
    }

    /// Adversarial versions of `x` [N, …] (in the model's input space) for `labels`: the model
    /// runs in evaluation mode, and the gradients its parameters had are restored. Seeded.
    public func perturb(_ x: Tensor<Float>, labels: [Int], model: any Layer<Float>, standardisation: ChannelStandardisation? = nil,
                        loss: Loss<Float> = .softmaxCrossEntropy(), seed: UInt64) -> Tensor<Float> {
        guard epsilon > 0 else { return x }
        let wasTraining = model.isTraining
        model.isTraining = false
        let parameters = model.parameters
        let savedGrads = parameters.map(\.grad)
        defer {
            model.isTraining = wasTraining
            for (p, g) in zip(parameters, savedGrads) { p.grad = g }
        }
        let raw = standardisation?.inverted(x) ?? x
        var current = randomStart ? start(raw, seed: seed) : raw
        for _ in 0..<steps {
            let v = Variable(current, requiresGrad: true)
            let output = model(standardisation?(v) ?? v)
            let g = gradients(of: loss(output, labels: labels), wrt: [v])[0]
            current = project(moved(current, along: g), around: raw)
        }
        return standardisation?(current) ?? current
    }

    /// The fraction of `data` the model classifies correctly after this attack, in batches of
    /// `batchSize` (batch b's attack seeded with seed + b).
    public func accuracy(_ model: any Layer<Float>, _ data: LabeledData, batchSize: Int = 256,
                         standardisation: ChannelStandardisation? = nil, seed: UInt64 = 0) -> Double {
        var correct = 0
        for (b, start) in stride(from: 0, to: data.count, by: batchSize).enumerated() {
            let rows = Array(start..<Swift.min(start + batchSize, data.count))
            let labels = rows.map { data.labels[$0] }
            let x = perturb(data.features.gatherRows(rows), labels: labels, model: model, standardisation: standardisation,
                            seed: seed &+ UInt64(b))
            let wasTraining = model.isTraining
            model.isTraining = false
            correct += Swift.zip(model(x).argmax(axis: 1), labels).filter { $0 == $1 }.count
            model.isTraining = wasTraining
        }
        return Double(correct) / Double(Swift.max(data.count, 1))
    }

    /// x' + α·sign(g) (L∞) or x' + α·g/‖g‖₂ per sample (L2).
    func moved(_ x: Tensor<Float>, along g: Tensor<Float>) -> Tensor<Float> {
        let alpha = Float(stepSize)
        guard norm == .l2 else { return x + g.map(.sign) * alpha }
        let scales = Self.sampleNorms(g).map { $0 > 0 ? alpha / $0 : 0 }
        return x + Self.scaledPerSample(g, scales)
    }

    /// Back onto the ε-ball around `origin`, then into `bounds`.
    func project(_ x: Tensor<Float>, around origin: Tensor<Float>) -> Tensor<Float> {
        let eps = Float(epsilon)
        var delta = x - origin
        if norm == .linf {
            delta = delta.clamped(-eps, eps)
        } else {
            delta = Self.scaledPerSample(delta, Self.sampleNorms(delta).map { $0 > eps ? eps / $0 : 1 })
        }
        let result = origin + delta
        guard let bounds else { return result }
        return result.clamped(bounds.lowerBound, bounds.upperBound)
    }

    /// A uniform point of the L∞ ball, or a point of the L2 ball at a uniform radius in a Gaussian direction.
    func start(_ x: Tensor<Float>, seed: UInt64) -> Tensor<Float> {
        var rng = RandomGenerator(seed: seed)
        let eps = Float(epsilon)
        guard norm == .l2 else { return project(x + Tensor.uniform(x.shape, low: -eps, high: eps, rng: &rng), around: x) }
        let direction = Tensor<Float>.normal(x.shape, rng: &rng)
        let radii = Self.sampleNorms(direction).map { n in n > 0 ? eps * Float(rng.nextUnit()) / n : 0 }
        return project(x + Self.scaledPerSample(direction, radii), around: x)
    }

    /// ‖t[i]‖₂ for each sample i of t [N, …].
    static func sampleNorms(_ t: Tensor<Float>) -> [Float] {
        let n = t.shape.first ?? 0
        let width = n == 0 ? 0 : t.count / n
        return (0..<n).map { i in
            t.scalars[(i * width)..<((i + 1) * width)].reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }

    /// t with sample i multiplied by s[i].
    static func scaledPerSample(_ t: Tensor<Float>, _ s: [Float]) -> Tensor<Float> {
        let width = s.isEmpty ? 0 : t.count / s.count
        return Tensor(shape: t.shape, scalars: t.scalars.enumerated().map { $1 * s[$0 / Swift.max(width, 1)] })
    }
}

/// A model's input standardisation x ↦ (x − mean_c) / std_c per channel c (axis `channelAxis`),
/// on tensors and as graph operations, so input gradients pass through it.
public struct ChannelStandardisation: Sendable, Equatable {
    public var mean: [Float]
    public var std: [Float]
    public var channelAxis: Int

    public init(mean: [Float], std: [Float], channelAxis: Int = 1) {
        precondition(mean.count == std.count && !mean.isEmpty, "ChannelStandardisation: \(mean.count) means, \(std.count) stds")
        self.mean = mean
        self.std = std
        self.channelAxis = channelAxis
    }

    /// mean and 1/std shaped to broadcast against samples of `shape`.
    func broadcast(_ shape: [Int]) -> (mean: Tensor<Float>, inverseStd: Tensor<Float>) {
        precondition(channelAxis < shape.count && shape[channelAxis] == mean.count,
                     "ChannelStandardisation: \(mean.count) channels on axis \(channelAxis) of \(shape)")
        var b = [Int](repeating: 1, count: shape.count)
        b[channelAxis] = mean.count
        return (Tensor(shape: b, scalars: mean), Tensor(shape: b, scalars: std.map { 1 / $0 }))
    }

    public func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> {
        let (m, s) = broadcast(x.shape)
        return (x - m) * s
    }

    public func callAsFunction(_ v: Variable<Float>) -> Variable<Float> {
        let (m, s) = broadcast(v.shape)
        return (v - m) * s
    }

    /// The raw values of standardised `y`.
    public func inverted(_ y: Tensor<Float>) -> Tensor<Float> {
        let (m, s) = broadcast(y.shape)
        return y / s + m
    }
}
