import Foundation
import Testing
@testable import Reproductions

/// Pérez-Salinas' 1-qubit re-uploading classifier on the circle, trained as `reproduce
/// reupload-circle` trains it (L-BFGS, weighted fidelity cost by default or the amplitude
/// fidelity cost, best start by training loss), and its weighted fidelity cost.
@Suite struct ReuploadingQubitTests {
    static func data(test: Int = 1000) -> (train: LabeledData, test: LabeledData) {
        (ReuploadingQubit.circle(count: 200, seed: 0), ReuploadingQubit.circle(count: test, seed: 0x5EED))
    }

    static func config(layers: Int, cost: ReuploadingQubit.Cost) throws -> ReuploadingQubit.Config {
        var config = try ReuploadingQubit.Config.defaults(dataset: nil)
        config.layers = layers
        config.cost = cost
        return config
    }

    @Test func defaultsAreTheWeightedCostWithLBFGS() throws {
        let config = try ReuploadingQubit.Config.defaults(dataset: nil)
        #expect(config.settings.optimizer == .lbfgs && config.layers == 4 && config.settings.restarts == 30)
        #expect(config.cost == .weightedFidelity && config.loss.name == "weighted fidelity")
    }

    @Test(arguments: [(ReuploadingQubit.Cost.weightedFidelity, 0.88), (.fidelity, 0.85)])
    func fourLayersLearnTheCircleQuickly(cost: ReuploadingQubit.Cost, least: Double) throws {
        var config = try Self.config(layers: 4, cost: cost)
        config.settings.restarts = 5
        config.settings.evaluateEveryEpoch = false
        let (train, test) = Self.data()
        let start = Date()
        let (_, four) = try config.train(seed: 1701, train: train, test: test)
        let seconds = Date().timeIntervalSince(start)
        config.layers = 1
        let (_, one) = try config.train(seed: 1701, train: train, test: test)
        #expect(four.testAccuracy >= least, "\(cost), 4 layers: \(four.testAccuracy)")
        #expect(four.testAccuracy > one.testAccuracy + 0.05, "\(cost): 4 layers \(four.testAccuracy), 1 layer \(one.testAccuracy)")
        #expect(seconds < 10, "\(seconds) s")
        #expect(four.epochsRun > 0 && four.epochsRun <= config.settings.epochs)
    }

    @Test func restartsKeepTheLowestTrainingLoss() throws {
        var config = try Self.config(layers: 3, cost: .weightedFidelity)
        config.settings.restarts = 3
        config.settings.evaluateEveryEpoch = false
        let (train, test) = Self.data(test: 200)
        let best = try config.train(seed: 9, train: train, test: test).run
        var single = config
        single.settings.restarts = 1
        let losses = try (0..<3).map { r in try single.train(seed: 9 + UInt64(r), train: train, test: test).run.finalLoss }
        #expect(best.finalLoss == losses.min(), "\(best.finalLoss) vs \(losses)")
        // Deterministic: the same seed gives the same run.
        let again = try config.train(seed: 9, train: train, test: test).run
        #expect(again.finalLoss == best.finalLoss && again.testAccuracy == best.testAccuracy)
    }

    @Test func fidelityCosts() {
        // Fidelities with |0⟩, |1⟩ for two samples of labels 0 and 1.
        let output = Variable(Tensor<Float>(shape: [2, 2], scalars: [0.64, 0.36, 0.19, 0.81]))
        let squared = Loss<Float>.fidelity(amplitude: false)(output, labels: [0, 1]).value.scalar
        let amplitude = Loss<Float>.fidelity(amplitude: true)(output, labels: [0, 1]).value.scalar
        #expect(abs(squared - (1 - (0.64 + 0.81) / 2)) < 1e-6)
        #expect(abs(amplitude - (1 - (0.8 + 0.9) / 2)) < 1e-6)
    }

    @Test func circleDataMatchesThePaper() {
        let d = ReuploadingQubit.circle(count: 4000, seed: 3)
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

    @Test func weightedCostOnAHandComputedCase() {
        // Fidelities with |0⟩, |1⟩ of two samples labelled 0 and 1, weighted by α = (1.5, 0.5):
        // α·F = (0.96, 0.18) and (0.285, 0.405); residuals against Y = (1, 0), (0, 1) are
        // (−0.04, 0.18) and (0.285, −0.595); ½ Σ r² per sample, averaged: 0.46925 / 4.
        let weights = ClassWeights<Float>(classes: 2)
        weights.alpha.value = Tensor(shape: [2], scalars: [1.5, 0.5])
        let fidelities = Variable(Tensor<Float>(shape: [2, 2], scalars: [0.64, 0.36, 0.19, 0.81]))
        let output = weights(fidelities)
        #expect(zip(output.value.scalars, [0.96, 0.18, 0.285, 0.405] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        let loss = Loss<Float>.weightedFidelity(ideal: ReuploadingQubit.idealFidelities(classes: 2))
        let cost = loss(output, labels: [0, 1]).value.scalar
        #expect(abs(cost - 0.1173125) < 1e-6, "\(cost)")
        // α = 1 and perfect fidelities cost nothing.
        let perfect = Variable(Tensor<Float>(shape: [2, 2], scalars: [1, 0, 0, 1]))
        #expect(loss(ClassWeights<Float>(classes: 2)(perfect), labels: [0, 1]).value.scalar == 0)
    }

    @Test func idealFidelitiesOfTheLabelStates() {
        #expect(ReuploadingQubit.idealFidelities(classes: 2) == [[1, 0], [0, 1]])
        // Tetrahedron vertices: |⟨ψ_c|ψ_k⟩|² = (1 + r_c·r_k)/2 = (1 − 1/3)/2 = 1/3 off the diagonal.
        let four = ReuploadingQubit.idealFidelities(classes: 4)
        for c in 0..<4 {
            for k in 0..<4 { #expect(abs(four[c][k] - (c == k ? 1 : 1.0 / 3)) < 1e-12) }
        }
    }

    @Test func weightedConfigBuildsTheWeightsAndLoss() throws {
        var config = try Self.config(layers: 4, cost: .weightedFidelity)
        let model = try config.makeModel(seed: 3)
        #expect(model.namedParameters.map(\.name).last == "1.alpha")
        #expect(model.parameterCount == 5 * config.layers + 2)
        config.cost = .fidelity
        #expect(try config.makeModel(seed: 3).parameterCount == 5 * config.layers && config.loss.name == "fidelity (amplitude)")
    }

    /// ∂χ²_wf/∂θ (circuit weights and α) by autodiff against central differences.
    @Test func gradientMatchesFiniteDifferences() throws {
        let config = try Self.config(layers: 2, cost: .weightedFidelity)
        let model = try config.makeModel(seed: 11)
        // Non-trivial α so that its gradient is not the α = 1 special case.
        model.parameters.last!.value = Tensor(shape: [2], scalars: [0.8, 1.3])
        let data = ReuploadingQubit.circle(count: 12, seed: 5)
        let x = Variable(data.features)
        func cost() -> Variable<Float> { config.loss(model(x), labels: data.labels) }
        for p in model.parameters { p.zeroGrad() }
        cost().backward()
        let h: Float = 1e-2
        var checked = 0
        for p in model.parameters {
            let grad = p.grad!.scalars
            for i in 0..<p.value.count {
                var s = p.value.scalars
                let v = s[i]
                s[i] = v + h
                p.value = Tensor(shape: p.value.shape, scalars: s)
                let up = cost().value.scalar
                s[i] = v - h
                p.value = Tensor(shape: p.value.shape, scalars: s)
                let down = cost().value.scalar
                s[i] = v
                p.value = Tensor(shape: p.value.shape, scalars: s)
                let numeric = (up - down) / (2 * h)
                #expect(abs(numeric - grad[i]) < 2e-3 + 1e-2 * abs(grad[i]), "parameter \(i) of \(p.value.shape): autodiff \(grad[i]), numeric \(numeric)")
                checked += 1
            }
        }
        #expect(checked == 5 * 2 + 2)
    }

    @Test func predictionIsTheArgMaxOfTheWeightedFidelities() throws {
        let config = try Self.config(layers: 1, cost: .weightedFidelity)
        let model = try config.makeModel(seed: 2)
        let data = ReuploadingQubit.circle(count: 50, seed: 8)
        let fidelities = model.layers[0](data.features).scalars
        // A large α₁ moves the boundary: arg-max α_c·F_c, not of F_c, decides the class.
        model.parameters.last!.value = Tensor(shape: [2], scalars: [1, 3])
        let expected = (0..<50).map { i in 3 * fidelities[2 * i + 1] > fidelities[2 * i] ? 1 : 0 }
        let accuracy = evaluate(model, data).metrics.accuracy
        let manual = Double(zip(expected, data.labels).filter { $0 == $1 }.count) / 50
        #expect(abs(accuracy - manual) < 1e-12, "\(accuracy) vs \(manual)")
    }
}
