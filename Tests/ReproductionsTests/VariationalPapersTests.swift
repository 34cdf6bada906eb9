import Foundation
import Testing
@testable import Reproductions
import Datasets
import QML

/// zne-nn: the Hamiltonian, ansatz sizes, and the error table on energies whose zero-noise
/// limit is known.
@Suite struct NeuralZNETests {
    @Test func hamiltonianAnsatzAndExtrapolationTable() throws {
        #expect(try ExactDiagonalization.groundEnergy(NeuralZNE.hamiltonian, qubits: 4) == -1)
        #expect(NeuralZNE.ansatz.weightCount == 16)
        // Energies linear in p reach −1 at p = 0: Richardson and the linear fit recover it.
        let energies = NeuralZNE.grid.map { -1 + 4 * $0 }
        let errors = try NeuralZNE.errors(energies, levels: Array(NeuralZNE.grid.indices), exact: -1, seed: 0)
        #expect(errors["richardson"]! < 1e-10 && errors["linear"]! < 1e-10 && errors["polynomial-2"]! < 1e-9)
        #expect(errors["nn"]! < 0.02)
    }

    @Test func aShortNoisyVQEGivesEnergiesThatRiseWithNoise() throws {
        let energies = try NeuralZNE.energies(try NeuralZNE.optimise(seed: 0, evaluations: 20), shots: nil, seed: 0)
        #expect(energies.count == NeuralZNE.grid.count)
        // Depolarising noise pulls ⟨H⟩ towards 0 monotonically at fixed weights.
        for (a, b) in zip(energies, energies.dropFirst()) { #expect(abs(b) <= abs(a) + 1e-12) }
    }
}

/// local-optimizers: the ZZ map's inputs by hand, the classifier's sizes and parity readout,
/// features scaled to [0, π], and a few AQGD steps that lower the loss.
@Suite struct LocalOptimizersTests {
    @Test func zzInputsByHand() {
        let row = Encoders.zzFeatureMapInputs([1, 2, 3], features: 3)
        #expect(row.count == 6)
        #expect(abs(row[3] - (Double.pi - 1) * (Double.pi - 2)) < 1e-12)
        #expect(abs(row[5] - (Double.pi - 2) * (Double.pi - 3)) < 1e-12)
    }

    @Test func classifierFeaturesAndAShortTraining() throws {
        let model = try LocalOptimizers.classifier(seed: 1)
        #expect(model.parameterCount == 40)
        let words = ["good", "great", "fine", "bad", "dull", "awful", "plot", "film", "actor", "scene"]
        var rng = RandomGenerator(seed: 2)
        func sentence(_ i: Int) -> String {
            var parts = [String]()
            for _ in 0..<6 {
                let mood: String = words[(i % 2) * 3 + Int(rng.next(upperBound: UInt64(3)))]
                let topic: String = words[6 + Int(rng.next(upperBound: UInt64(4)))]
                parts.append(mood + " " + topic)
            }
            return parts.joined(separator: " ")
        }
        let texts = (0..<40).map(sentence)
        let sentences = LabeledSentences(texts: texts, labels: (0..<40).map { $0 % 2 }, classes: ["neg", "pos"])
        let f = try LocalOptimizers.features(sentences, seed: 0)
        #expect(f.trainLabels.count == 30 && f.testLabels.count == 10)
        #expect(f.train.allSatisfy { $0 >= -1e-9 && $0 <= Double.pi + 1e-9 })
        let data = LocalOptimizers.data(f.train, f.trainLabels)
        let logits: [Float] = model(Variable(data.features)).value.scalars
        let probabilities: [Double] = logits.map { exp(Double($0)) }
        for i in 0..<30 {
            let total: Double = probabilities[2 * i] + probabilities[2 * i + 1]
            #expect(abs(total - 1) < 1e-5)
        }
        let outcome = try LocalOptimizers.train(f, with: AQGD(maxIterations: 5, learningRate: 0.5), seed: 1)
        #expect(outcome.losses.count == 5)
        #expect(outcome.losses.last! < outcome.losses.first!)
    }
}
