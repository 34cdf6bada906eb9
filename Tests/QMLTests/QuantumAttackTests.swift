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
