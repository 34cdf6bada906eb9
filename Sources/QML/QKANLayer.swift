/// A QKAN layer (Jiang et al. 2025): a Kolmogorov–Arnold layer whose edge functions are
/// DARUAN activations. x [B, I] → y [B, O] with
///
///   y_o = Σ_i m_oi·[ p_oi·(φ_oi(x_i) + c_oi) + β_oi·SiLU(x_i) ]
///
/// where φ_oi is a DARUAN with its own angles θ_oi and pre-activation weights and biases
/// (w_oi,ℓ, b_oi,ℓ: data angle w·x + b per block), p and c the post-activation weight and bias,
/// β the base weight on the SiLU branch and m a 0/1 mask (pruning). Which of w, b, p, c, β are
/// trained is chosen at construction (the others stay at w = 1, b = 0, p = 1, c = 0 and
/// β = 0 — no SiLU branch — and are stored as buffers); θ is always trained, initialised
/// Xavier-normal (std √(2/((I + O)·blocks·angles))), β at 0.5 as the reference library does.
/// All B·O·I circuits run as element-wise operations on [B, O, I] tensors: O(B·O·I·r).
public final class QKANLayer<Scalar: TensorScalar>: Layer {
    /// What is trained besides θ.
    public struct Trainable: Sendable, Codable, Equatable {
        /// Pre-activation weights and biases w, b (the frequency-growing option).
        public var preactivation = false
        /// Post-activation weights p and biases c.
        public var postactivation = false
        /// The SiLU base branch's weights β (off: no base branch).
        public var base = true

        public init(preactivation: Bool = false, postactivation: Bool = false, base: Bool = true) {
            self.preactivation = preactivation
            self.postactivation = postactivation
            self.base = base
        }
    }

    public let activation: DARUAN
    public let trainable: Trainable
    /// θ [O, I, blocks, angles].
    public let theta: Variable<Scalar>
    /// w and b [O, I, r].
    public let preWeight: Variable<Scalar>, preBias: Variable<Scalar>
    /// p and c [O, I].
    public let postWeight: Variable<Scalar>, postBias: Variable<Scalar>
    /// β [O, I].
    public let baseWeight: Variable<Scalar>
    /// m [O, I], 0 or 1.
    public var mask: Tensor<Scalar>
    public var isTraining = true

    /// An `inputs` → `outputs` layer, θ drawn from `seed`.
    public convenience init(_ inputs: Int, _ outputs: Int, activation: DARUAN = DARUAN(), trainable: Trainable = Trainable(),
                            seed: UInt64) {
        precondition(inputs > 0 && outputs > 0, "QKANLayer: sizes must be positive, got \(inputs) → \(outputs)")
        let (o, i, r) = (outputs, inputs, activation.repetitions)
        let shape = [o, i, activation.thetaBlocks, activation.anglesPerBlock]
        let std = (2 / Double((i + o) * shape[2] * shape[3])).squareRoot()
        var rng = RandomGenerator(seed: seed)
        self.init(activation: activation, trainable: trainable, theta: .normal(shape, std: Scalar(std), rng: &rng),
                  preWeight: .ones([o, i, r]), preBias: .zeros([o, i, r]), postWeight: .ones([o, i]), postBias: .zeros([o, i]),
                  baseWeight: Tensor(repeating: trainable.base ? 0.5 : 0, shape: [o, i]), mask: .ones([o, i]))
    }

    init(activation: DARUAN, trainable: Trainable, theta: Tensor<Scalar>, preWeight: Tensor<Scalar>, preBias: Tensor<Scalar>,
         postWeight: Tensor<Scalar>, postBias: Tensor<Scalar>, baseWeight: Tensor<Scalar>, mask: Tensor<Scalar>) {
        self.activation = activation
        self.trainable = trainable
        self.theta = Variable(theta, requiresGrad: true)
        self.preWeight = Variable(preWeight, requiresGrad: trainable.preactivation)
        self.preBias = Variable(preBias, requiresGrad: trainable.preactivation)
        self.postWeight = Variable(postWeight, requiresGrad: trainable.postactivation)
        self.postBias = Variable(postBias, requiresGrad: trainable.postactivation)
        self.baseWeight = Variable(baseWeight, requiresGrad: trainable.base)
        self.mask = mask
    }

    public var inputs: Int { theta.shape[1] }
    public var outputs: Int { theta.shape[0] }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 2 && x.shape[1] == inputs, "QKANLayer: input \(x.shape) is not [B, \(inputs)]")
        let phi = edgeFunctions(x)
        let m = Variable(mask)
        var y = ((phi + postBias) * (postWeight * m)).sum(axes: [2])
        if trainable.base {
            y = y + x.silu().matmul(baseWeight * m, transposeOther: true)
        }
        return y
    }

    /// φ_oi(x_i) for every sample, [B, O, I].
    public func edgeFunctions(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let (o, i) = (outputs, inputs)
        let x3 = x.reshaped([x.shape[0], 1, i])
        return activation.evaluate(
            theta: { l, j in self.theta.sliced([0..<o, 0..<i, l..<(l + 1), j..<(j + 1)]).reshaped([o, i]) },
            data: { l in
                let w = self.preWeight.sliced([0..<o, 0..<i, l..<(l + 1)]).reshaped([o, i])
                let b = self.preBias.sliced([0..<o, 0..<i, l..<(l + 1)]).reshaped([o, i])
                return x3 * w + b
            })
    }

    /// The same function with `repetitions` ≥ r blocks (layer extension): the old blocks, then
    /// new ones with θ = 0 and w = b = 0 (the identity), then the old final block. Throws for the
    /// `px` and `real` ansätze, which have no identity block (`DARUAN.extendsExactly`).
    public func extended(toRepetitions repetitions: Int) throws -> QKANLayer {
        let r = activation.repetitions
        guard repetitions >= r else { throw QMLError.invalidArgument("cannot extend \(r) repetitions to \(repetitions)") }
        guard activation.extendsExactly else {
            throw QMLError.invalidArgument("the \(activation.ansatz.rawValue) ansatz has no identity block: extension would change the function")
        }
        let grown = DARUAN(ansatz: activation.ansatz, repetitions: repetitions)
        let (o, i, k) = (outputs, inputs, activation.anglesPerBlock)
        let added = repetitions - r
        let t = theta.value
        let newTheta = Tensor.concatenated([t.sliced([0..<o, 0..<i, 0..<r, 0..<k]), .zeros([o, i, added, k]),
                                            t.sliced([0..<o, 0..<i, r..<(r + 1), 0..<k])], axis: 2)
        return QKANLayer(activation: grown, trainable: trainable, theta: newTheta,
                         preWeight: .concatenated([preWeight.value, .zeros([o, i, added])], axis: 2),
                         preBias: .concatenated([preBias.value, .zeros([o, i, added])], axis: 2),
                         postWeight: postWeight.value, postBias: postBias.value, baseWeight: baseWeight.value, mask: mask)
    }

    var stored: [(name: String, variable: Variable<Scalar>, trained: Bool)] {
        [("theta", theta, true), ("preact_weight", preWeight, trainable.preactivation),
         ("preact_bias", preBias, trainable.preactivation), ("postact_weight", postWeight, trainable.postactivation),
         ("postact_bias", postBias, trainable.postactivation), ("base_weight", baseWeight, trainable.base)]
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        stored.filter(\.trained).map { ($0.name, $0.variable) }
    }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        stored.filter { !$0.trained }.map { ($0.name, $0.variable.value) } + [("mask", mask)]
    }

    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        if name == "mask", tensor.shape == mask.shape {
            mask = tensor
            return true
        }
        guard let entry = stored.first(where: { $0.name == name && !$0.trained }), entry.variable.shape == tensor.shape else {
            return false
        }
        entry.variable.value = tensor
        return true
    }
}
