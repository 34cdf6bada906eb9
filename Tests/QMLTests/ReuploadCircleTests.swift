import Foundation
import Testing
@testable import QML

/// Pérez-Salinas' 1-qubit re-uploading classifier on the circle, trained as `reproduce
/// reupload-circle` trains it (L-BFGS, weighted fidelity cost by default or the amplitude
/// fidelity cost, best start by training loss).
@Suite struct ReuploadCircleTests {
    static func data(test: Int = 1000) -> (train: LabeledData, test: LabeledData) {
        (PaperData.circle(count: 200, seed: 0), PaperData.circle(count: test, seed: 0x5EED))
    }

    @Test func defaultsAreTheWeightedCostWithLBFGS() throws {
        let recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        #expect(recipe.optimizer == "lbfgs" && recipe.layers == 4 && recipe.restarts == 30)
        #expect(recipe.cost == "weighted-fidelity" && recipe.loss == .weightedFidelity)
    }

    @Test(arguments: [("weighted-fidelity", 0.88), ("fidelity", 0.85)])
    func fourLayersLearnTheCircleQuickly(cost: String, least: Double) throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.cost = cost
        recipe.restarts = 5; recipe.evaluateEveryEpoch = false
        let (train, test) = Self.data()
        let start = Date()
        let (_, four) = try PaperTraining.run(recipe, seed: 1701, train: train, test: test)
        let seconds = Date().timeIntervalSince(start)
        recipe.layers = 1
        let (_, one) = try PaperTraining.run(recipe, seed: 1701, train: train, test: test)
        #expect(four.testAccuracy >= least, "\(cost), 4 layers: \(four.testAccuracy)")
        #expect(four.testAccuracy > one.testAccuracy + 0.05, "\(cost): 4 layers \(four.testAccuracy), 1 layer \(one.testAccuracy)")
        #expect(seconds < 10, "\(seconds) s")
        #expect(four.epochsRun > 0 && four.epochsRun <= recipe.epochs)
    }

    @Test func restartsKeepTheLowestTrainingLoss() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.layers = 3; recipe.restarts = 3; recipe.evaluateEveryEpoch = false
        let (train, test) = Self.data(test: 200)
        let (_, best) = try PaperTraining.run(recipe, seed: 9, train: train, test: test)
        var single = recipe
        single.restarts = 1
        let losses = try (0..<3).map { r in try PaperTraining.run(single, seed: 9 + UInt64(r), train: train, test: test).run.finalLoss }
        #expect(best.finalLoss == losses.min(), "\(best.finalLoss) vs \(losses)")
        // Deterministic: the same seed gives the same run.
        let again = try PaperTraining.run(recipe, seed: 9, train: train, test: test).run
        #expect(again.finalLoss == best.finalLoss && again.testAccuracy == best.testAccuracy)
    }

    @Test func fidelityCosts() {
        // Fidelities with |0⟩, |1⟩ for two samples of labels 0 and 1.
        let output = Variable(Tensor<Float>(shape: [2, 2], scalars: [0.64, 0.36, 0.19, 0.81]))
        let squared = PaperTraining.loss(output, labels: [0, 1], kind: .fidelity).value.scalar
        let amplitude = PaperTraining.loss(output, labels: [0, 1], kind: .fidelityAmplitude).value.scalar
        #expect(abs(squared - (1 - (0.64 + 0.81) / 2)) < 1e-6)
        #expect(abs(amplitude - (1 - (0.8 + 0.9) / 2)) < 1e-6)
    }

    @Test func circleDataMatchesThePaper() {
        let d = PaperData.circle(count: 4000, seed: 3)
        let xs = d.features.scalars
        #expect(xs.allSatisfy { $0 >= -1 && $0 <= 1 })
        // Radius √(2/π) splits the square in half: about 50 % inside.
        let inside = Double(d.labels.reduce(0, +)) / 4000
        #expect(abs(inside - 0.5) < 0.03, "\(inside)")
        for i in 0..<4000 {
            let r2 = Double(xs[2 * i] * xs[2 * i] + xs[2 * i + 1] * xs[2 * i + 1])
            #expect((r2 < 2 / Double.pi) == (d.labels[i] == 1))
        }
    }
}
