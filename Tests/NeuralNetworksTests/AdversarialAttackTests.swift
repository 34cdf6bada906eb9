import Foundation
import Testing
@testable import NeuralNetworks

/// Attacks against hand-computed input gradients, their ε-balls and bounds, the raw units of a
/// standardised model, and adversarial training through the `Trainer`.
@Suite struct AdversarialAttackTests {
    static func linear(seed: UInt64) -> (Linear<Float>, Tensor<Float>, [Int]) {
        var rng = RandomGenerator(seed: seed)
        let layer = Linear<Float>(4, 3, rng: &rng)
        return (layer, Tensor<Float>.uniform([5, 4], rng: &rng), [0, 1, 2, 1, 0])
    }

    @Test func fgsmStepsAlongTheSignOfTheHandComputedGradient() throws {
        // Softmax cross-entropy (mean over N) of logits Wx + b: ∂L/∂x_n = Wᵀ(p_n − y_n) / N.
        let (layer, x, labels) = Self.linear(seed: 1)
        let logits = layer(x)
        let eps: Float = 0.05
        let adversarial = try AdversarialAttack.fgsm(epsilon: Double(eps)).perturb(x, labels: labels, model: layer, seed: 0)
        let w = layer.weight.value.scalars
        for n in 0..<5 {
            let row = (0..<3).map { logits.scalars[n * 3 + $0] }
            let top = row.max()!
            let e = row.map { exp($0 - top) }
            let p = e.map { $0 / e.reduce(0, +) }
            for i in 0..<4 {
                let g = (0..<3).reduce(Float(0)) { $0 + w[$1 * 4 + i] * (p[$1] - ($1 == labels[n] ? 1 : 0)) }
                let expected = x.scalars[n * 4 + i] + eps * (g > 0 ? 1 : -1)
                #expect(abs(adversarial.scalars[n * 4 + i] - expected) < 1e-6)
            }
        }
    }

    @Test(arguments: AdversarialAttack.Norm.allCases)
    func pgdStaysInItsBallAndBoundsAndRaisesTheLoss(norm: AdversarialAttack.Norm) throws {
        let (layer, x, labels) = Self.linear(seed: 2)
        let attack = try AdversarialAttack.pgd(epsilon: 0.1, steps: 7, norm: norm, bounds: 0...1)
        let adversarial = attack.perturb(x, labels: labels, model: layer, seed: 3)
        let delta = adversarial - x
        for n in 0..<5 {
            let d = Array(delta.scalars[(n * 4)..<((n + 1) * 4)])
            let size = norm == .linf ? d.map(abs).max()! : d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(size <= 0.1 + 1e-5)
        }
        #expect(adversarial.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        let loss = Loss<Float>.softmaxCrossEntropy()
        #expect(loss(layer(Variable(adversarial)), labels: labels).value.scalar > loss(layer(Variable(x)), labels: labels).value.scalar)
    }

    @Test func standardisedModelsAreAttackedInRawUnits() throws {
        let (layer, x, labels) = Self.linear(seed: 4)
        let scale = ChannelStandardisation(mean: [0.5, 0.5, 0.5, 0.5], std: [0.25, 0.5, 1, 2])
        let standardised = scale(x)
        let adversarial = try AdversarialAttack.fgsm(epsilon: 0.02).perturb(standardised, labels: labels, model: layer,
                                                                            standardisation: scale, seed: 0)
        let moved = scale.inverted(adversarial) - x
        #expect(moved.scalars.allSatisfy { abs(abs($0) - 0.02) < 1e-5 })
    }

    @Test func parameterGradientsAndModeAreRestored() throws {
        let (layer, x, labels) = Self.linear(seed: 5)
        layer.weight.grad = Tensor(repeating: 7, shape: [3, 4])
        layer.isTraining = true
        _ = try AdversarialAttack.pgd(epsilon: 0.1, steps: 2).perturb(x, labels: labels, model: layer, seed: 0)
        #expect(layer.weight.grad?.scalars.allSatisfy { $0 == 7 } == true && layer.bias?.grad == nil && layer.isTraining)
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: TrainingDataError.self) { try AdversarialAttack.fgsm(epsilon: -0.1) }
        #expect(throws: TrainingDataError.self) { try AdversarialAttack.pgd(epsilon: .nan, steps: 3) }
        #expect(throws: TrainingDataError.self) { try AdversarialAttack.pgd(epsilon: 0.1, steps: 0) }
    }

    @Test func adversarialTrainingMakesAModelMoreRobust() throws {
        // Two Gaussian blobs in 8-D; FGSM at ε = 0.5 against a plain and an adversarially trained logistic model.
        var rng = RandomGenerator(seed: 7)
        let n = 400
        let labels = (0..<n).map { $0 % 2 }
        let x = Tensor<Float>(shape: [n, 8], scalars: (0..<(n * 8)).map { i in
            Float(rng.nextNormal()) * 0.6 + (labels[i / 8] == 0 ? -0.4 : 0.4)
        })
        let data = LabeledData(features: x, labels: labels)
        let attack = try AdversarialAttack.fgsm(epsilon: 0.5)
        func trained(adversarial: Bool) throws -> Double {
            var rng = RandomGenerator(seed: 1)
            let model = Sequential<Float>(Linear(8, 16, rng: &rng), Activation(.relu), Linear(16, 2, rng: &rng))
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 40, seed: 2)
            if adversarial {
                trainer.adversarialExamples = { batch, labels, step in attack.perturb(batch, labels: labels, model: model, seed: UInt64(step)) }
            }
            for _ in 0..<30 { _ = try trainer.trainEpoch(data) }
            return attack.accuracy(model, data)
        }
        let plain = try trained(adversarial: false), robust = try trained(adversarial: true)
        #expect(robust > plain + 0.05, "FGSM accuracy: plain \(plain), adversarially trained \(robust)")
    }
}
