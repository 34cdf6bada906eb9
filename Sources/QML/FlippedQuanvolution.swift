import Foundation
import QuantumSim

/// The flipped 3×3 quanvolution of "Let the Quantum Creep In" (Wang et al. 2024): the data go
/// into the observable and the weights into the state.
///
/// For output channel o and input channel c a 2-qubit state |ψ_oc⟩ = exp(i Σ_k θ_oc,k P_k)|00⟩
/// over the 15 non-identity Pauli strings (θ_oc ∈ ℝ¹⁵). A 3×3 patch X of channel c, zero-padded
/// to 4×4 (a zero row and column at the bottom and right) and symmetrised, H = (X + Xᵀ)/2, is
/// measured: y_o = (1/C) Σ_c ⟨ψ_oc|H|ψ_oc⟩ + b_o, at every position (stride 1, no padding).
///
/// Because H is real symmetric, ⟨ψ|H|ψ⟩ = Σ_ab X_ab·Re(ψ̄_a ψ_b): the layer is a 3×3
/// convolution with the rank-limited kernel K_oc,ab = Re(ψ̄_a ψ_b)/C (a, b < 3), which is how it
/// runs (`kernel`, then the convolution).
/// With `GeneratorCoefficients.complex` θ = a + i·b (θ [O, C, 30], a then b), as the reference
/// code's complex tensors: ψ = exp(i·A − B)|00⟩ is no longer normalised, so the kernel's scale
/// is free; the same algebra holds.
/// Shapes [N, C, H, W] → [N, O, H − 2, W − 2]. Cost per forward: O·C 4×4 exponentials plus one
/// convolution; the backward pulls the kernel's gradient back through each exponential
/// (Daleckii–Krein) to θ.
public final class FlippedQuanvolution<Scalar: TensorScalar>: Layer {
    /// θ [O, C, 15] (complex coefficients: [O, C, 30]).
    public let theta: Variable<Scalar>
    /// b [O].
    public let bias: Variable<Scalar>
    public var isTraining = true
    static var basis: PauliBasis { PauliBasis(qubits: 2) }

    /// θ (complex: a, with b = 0) and b drawn from N(0, 1), seeded (the reference code's `randn`).
    public init(_ inChannels: Int, _ outChannels: Int, coefficients: GeneratorCoefficients = .real, seed: UInt64) {
        precondition(inChannels > 0 && outChannels > 0, "FlippedQuanvolution: channels must be positive")
        var rng = RandomGenerator(seed: seed)
        var t = Tensor<Scalar>.normal([outChannels, inChannels, 15], rng: &rng)
        if coefficients == .complex {
            t = Tensor.concatenated([t, .zeros([outChannels, inChannels, 15])], axis: 2)
        }
        theta = Variable(t, requiresGrad: true)
        bias = Variable(.normal([outChannels], rng: &rng), requiresGrad: true)
    }

    public var inChannels: Int { theta.shape[1] }
    public var outChannels: Int { theta.shape[0] }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 4 && x.shape[1] == inChannels,
                     "FlippedQuanvolution: input \(x.shape) is not [N, \(inChannels), H, W]")
        return conv2d(x, kernel(), bias: bias, Conv2DConfig())
    }

    /// The equivalent convolution kernel [O, C, 3, 3], differentiable in θ.
    public func kernel() -> Variable<Scalar> {
        let (o, c) = (outChannels, inChannels)
        let (exps, perPair) = (Self.exponentials(theta.value), theta.shape[2])
        var k = [Scalar](repeating: 0, count: o * c * 9)
        for p in 0..<(o * c) {
            let psi = Self.firstColumn(exps[p].matrix)
            for a in 0..<3 {
                for b in 0..<3 {
                    k[p * 9 + a * 3 + b] = Scalar((psi[a].re * psi[b].re + psi[a].im * psi[b].im) / Double(c))
                }
            }
        }
        let value = Tensor(shape: [o, c, 3, 3], scalars: k)
        return Variable.custom("flippedQuanvolutionKernel", inputs: [theta], value: value) { g, _ in
            [Self.thetaGradient(g, exps, channels: c, perPair: perPair)]
        }
    }

    /// exp(i Σ θ_p,k P_k) for every (o, c) pair p (θ_p of 15 reals, or 15 complex as a, b).
    static func exponentials(_ theta: Tensor<Scalar>) -> [PauliExponential] {
        let perPair = theta.shape[2]
        let basis = Self.basis
        let w = theta.scalars.map(Double.init)
        return (0..<(theta.count / perPair)).map { p in
            PauliExponential(basis, weights: w[(p * perPair)..<((p + 1) * perPair)], complex: perPair == 30)
        }
    }

    /// Column 0 of a 4×4 matrix: U|00⟩.
    static func firstColumn(_ u: ComplexMatrix) -> [(re: Double, im: Double)] {
        (0..<4).map { u[$0, 0] }
    }

    /// ∂L/∂θ from ∂L/∂K: ψ̄ = (K̄ + K̄ᵀ)·ψ/C on the 3×3 block, Ū = ψ̄·e₀†, then the
    /// exponential's pullback and the Pauli coefficients.
    static func thetaGradient(_ g: Tensor<Scalar>, _ exps: [PauliExponential], channels c: Int, perPair: Int) -> Tensor<Scalar> {
        let basis = Self.basis
        let gk = g.scalars.map(Double.init)
        var out = [Double](repeating: 0, count: exps.count * perPair)
        for (p, e) in exps.enumerated() {
            let psi = firstColumn(e.matrix)
            var uBar = ComplexMatrix(zeros: 4)
            for a in 0..<3 {
                var (re, im) = (0.0, 0.0)
                for b in 0..<3 {
                    let s = (gk[p * 9 + a * 3 + b] + gk[p * 9 + b * 3 + a]) / Double(c)
                    re += s * psi[b].re
                    im += s * psi[b].im
                }
                uBar[a, 0] = (re, im)
            }
            out.withUnsafeMutableBufferPointer { e.weightGradient(uBar, basis: basis, into: .init(rebasing: $0[(p * perPair)..<((p + 1) * perPair)])) }
        }
        return Tensor(shape: [exps.count / c, c, perPair], scalars: out.map { Scalar($0) })
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [("theta", theta), ("bias", bias)] }
}
