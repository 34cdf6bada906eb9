/// DARUAN, the data re-uploading activation of QKAN (Jiang et al. 2025): a single qubit
/// from H|0⟩ through `repetitions` blocks that each re-upload the input, read out as ⟨Z⟩.
///
/// Per block ℓ the data angle is a_ℓ = w_ℓ·x + b_ℓ (pre-activation weight and bias). Ansätze,
/// as the reference library (`qkan`) builds them:
/// - `pz`: RZ(θ_ℓ,0)·RY(θ_ℓ,1)·RZ(a_ℓ) per block, a final RZ(θ_r,0)·RY(θ_r,1); θ [r + 1, 2].
/// - `rpz`: RY(θ_ℓ)·RZ(a_ℓ) per block, a final RY(θ_r); θ [r + 1, 1].
/// - `px`: RZ(θ_ℓ)·RX(arccos a_ℓ) per block (a_ℓ clamped to [−1 + 10⁻⁶, 1 − 10⁻⁶]), a final RZ(θ_r); θ [r + 1, 1].
/// - `real`: X·RY(θ_ℓ)·Z·RY(a_ℓ) per block, no final block; θ [r, 1]. Real amplitudes throughout.
///
/// φ(x) = ⟨Z⟩ = |α|² − |β|² for the final state α|0⟩ + β|1⟩. The reference library's default
/// (`fast_measure=True`) returns |α| − |β| instead: the same sign and the same values at −1, 0
/// and 1, but a different curve (|α| − √(1 − |α|²) against 2|α|² − 1), so weights trained there
/// do not carry over unchanged. With trainable pre-activation weights the reachable frequencies
/// in x grow with the repetitions (sums of r frequencies w_ℓ), which is the paper's claim.
///
/// `evaluate` runs the circuit on autodiff variables of any broadcast-compatible shapes
/// (QKAN: [B, O, I]), so gradients reach θ, w, b and x; each gate costs a few element-wise
/// operations on the whole batch.
public struct DARUAN: Sendable, Codable, Equatable {
    public enum Ansatz: String, Sendable, Codable, CaseIterable {
        case pz, rpz, px, real
    }

    public var ansatz: Ansatz
    /// Re-uploading blocks r ≥ 1.
    public var repetitions: Int

    public init(ansatz: Ansatz = .pz, repetitions: Int = 3) {
        precondition(repetitions >= 1, "DARUAN: at least one repetition")
        self.ansatz = ansatz
        self.repetitions = repetitions
    }

    /// Trainable angle blocks: r + 1, or r for `real` (which has no final block).
    public var thetaBlocks: Int { ansatz == .real ? repetitions : repetitions + 1 }

    /// Angles per block: 2 for `pz`, else 1.
    public var anglesPerBlock: Int { ansatz == .pz ? 2 : 1 }

    /// Whether appended blocks with θ = 0 and w = b = 0 are the identity: for `pz` and `rpz`
    /// (RZ(0) = RY(0) = 1). `px`'s data gate at a = 0 is RX(π/2) and `real`'s block at θ = 0 is
    /// X·Z, so neither has an identity block.
    public var extendsExactly: Bool { ansatz == .pz || ansatz == .rpz }

    /// φ for the data angles: `theta(ℓ, j)` gives angle j of block ℓ, `data(ℓ)` the data angle
    /// a_ℓ of block ℓ; every variable broadcasts to the output shape.
    public func evaluate<Scalar>(theta: (Int, Int) -> Variable<Scalar>, data: (Int) -> Variable<Scalar>) -> Variable<Scalar> {
        var q = QubitAmplitudes<Scalar>.plus
        for l in 0..<repetitions {
            switch ansatz {
            case .pz:
                q = q.rz(theta(l, 0)).ry(theta(l, 1)).rz(data(l))
            case .rpz:
                q = q.ry(theta(l, 0)).rz(data(l))
            case .px:
                q = q.rz(theta(l, 0)).rxArccos(data(l).clamped(-1 + 1e-6, 1 - 1e-6))
            case .real:
                q = q.x().ry(theta(l, 0)).z().ry(data(l))
            }
        }
        switch ansatz {
        case .pz: q = q.rz(theta(repetitions, 0)).ry(theta(repetitions, 1))
        case .rpz: q = q.ry(theta(repetitions, 0))
        case .px: q = q.rz(theta(repetitions, 0))
        case .real: break
        }
        return q.expectationZ
    }
}

/// A single-qubit state α|0⟩ + β|1⟩ as four real variables of a common broadcast shape, with
/// the rotations DARUAN uses.
struct QubitAmplitudes<Scalar: TensorScalar> {
    var ar: Variable<Scalar>, ai: Variable<Scalar>
    var br: Variable<Scalar>, bi: Variable<Scalar>

    /// H|0⟩ = (|0⟩ + |1⟩)/√2.
    static var plus: QubitAmplitudes {
        let h = Variable(Tensor<Scalar>(shape: [], scalars: [Scalar(0.5.squareRoot())]))
        let zero = Variable(Tensor<Scalar>(shape: [], scalars: [0]))
        return QubitAmplitudes(ar: h, ai: zero, br: h, bi: zero)
    }

    /// RZ(φ) = diag(e^{−iφ/2}, e^{iφ/2}).
    func rz(_ phi: Variable<Scalar>) -> QubitAmplitudes {
        let (c, s) = ((phi * 0.5).cos(), (phi * 0.5).sin())
        return QubitAmplitudes(ar: ar * c + ai * s, ai: ai * c - ar * s,
                               br: br * c - bi * s, bi: bi * c + br * s)
    }

    /// RY(φ) = [[c, −s], [s, c]] with c = cos(φ/2), s = sin(φ/2).
    func ry(_ phi: Variable<Scalar>) -> QubitAmplitudes {
        let (c, s) = ((phi * 0.5).cos(), (phi * 0.5).sin())
        return QubitAmplitudes(ar: ar * c - br * s, ai: ai * c - bi * s,
                               br: ar * s + br * c, bi: ai * s + bi * c)
    }

    /// RX(arccos u) = [[c, −i·s], [−i·s, c]] with c = √((1 + u)/2), s = √((1 − u)/2).
    func rxArccos(_ u: Variable<Scalar>) -> QubitAmplitudes {
        let (c, s) = (((u + 1) * 0.5).sqrt(), ((1 - u) * 0.5).sqrt())
        // α' = c·α − i·s·β, β' = −i·s·α + c·β
        return QubitAmplitudes(ar: ar * c + bi * s, ai: ai * c - br * s,
                               br: br * c + ai * s, bi: bi * c - ar * s)
    }

    /// X swaps the amplitudes.
    func x() -> QubitAmplitudes { QubitAmplitudes(ar: br, ai: bi, br: ar, bi: ai) }

    /// Z negates β.
    func z() -> QubitAmplitudes { QubitAmplitudes(ar: ar, ai: ai, br: br * -1, bi: bi * -1) }

    /// |α|² − |β|².
    var expectationZ: Variable<Scalar> { ar.squared() + ai.squared() - br.squared() - bi.squared() }
}
