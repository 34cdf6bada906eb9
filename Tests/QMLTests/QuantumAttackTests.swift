import Foundation
import Testing
@testable import QML

/// Attacks on a quantum classifier: the input gradient comes from the adjoint method.
@Suite struct QuantumAttackTests {
    @Test func fgsmOnACircuitFollowsTheFiniteDifferenceGradient() throws {
        let circuit = Encoders.angle(features: 3, axis: .y) + Templates.stronglyEntangling(qubits: 3, layers: 2)
        let layer = try QuantumLayer<Float>(circuit, readout: .expectations([.z(0), .z(1)]), seed: 4)
        let model = Sequential<Float>([layer])
        var rng = RandomGenerator(seed: 2)
        let x = Tensor<Float>.uniform([4, 3], low: -1, high: 1, rng: &rng)
        let labels = [0, 1, 1, 0]
        let eps: Float = 0.03
        let adversarial = try AdversarialAttack.fgsm(epsilon: Double(eps)).perturb(x, labels: labels, model: model, seed: 0)
        let loss = Loss<Float>.softmaxCrossEntropy()
        func value(_ t: Tensor<Float>) -> Double { Double(loss(model(Variable(t)), labels: labels).value.scalar) }
        for i in 0..<x.count {
            var plus = x.scalars, minus = x.scalars
            plus[i] += 1e-2
            minus[i] -= 1e-2
            let g = value(Tensor(shape: x.shape, scalars: plus)) - value(Tensor(shape: x.shape, scalars: minus))
            guard abs(g) > 1e-5 else { continue }
            #expect(abs((adversarial.scalars[i] - x.scalars[i]) - eps * (g > 0 ? 1 : -1)) < 1e-6, "feature \(i)")
        }
        #expect(value(adversarial) > value(x))
    }
}

/// The QAOA template against its defining state, computed by hand on two qubits.
@Suite struct QAOATemplateTests {
    @Test func oneLayerOnTwoQubitsMatchesTheClosedForm() throws {
        // |+⟩|+⟩ → exp(−iγ Z⊗Z) → RX(2β)⊗RX(2β), written out amplitude by amplitude.
        let (gamma, beta) = (0.37, 0.81)
        let layer = try QuantumLayer<Double>(Templates.qaoa(qubits: 2, layers: 1), readout: .expectations([.z(0)]),
                                             weights: Tensor(shape: [2], scalars: [gamma, beta]))
        // State after the cost: (1/2)Σ_z e^{−iγ s(z)} |z⟩ with s = +1 for 00, 11 and −1 for 01, 10.
        func amplitude(_ z: Int) -> (Double, Double) {
            let s = (z == 0 || z == 3) ? 1.0 : -1.0
            return (0.5 * cos(gamma * s), -0.5 * sin(gamma * s))
        }
        // RX(2β) = [[cos β, −i sin β], [−i sin β, cos β]] on each qubit.
        func rx(_ out: Int, _ input: Int) -> (Double, Double) {
            out == input ? (cos(beta), 0) : (0, -sin(beta))
        }
        var z0 = 0.0
        for out in 0..<4 {
            var (re, im) = (0.0, 0.0)
            for input in 0..<4 {
                let a = rx(out & 1, input & 1), b = rx(out >> 1, input >> 1)
                let m = (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
                let v = amplitude(input)
                re += m.0 * v.0 - m.1 * v.1
                im += m.0 * v.1 + m.1 * v.0
            }
            z0 += ((out & 1) == 0 ? 1 : -1) * (re * re + im * im)
        }
        #expect(abs(layer(Tensor<Double>.zeros([1, 0])).scalars[0] - z0) < 1e-12)
    }
}
