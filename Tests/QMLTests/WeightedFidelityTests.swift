import Foundation
import Testing
@testable import QML

/// Pérez-Salinas' weighted fidelity cost χ²_wf and its trainable class weights α.
@Suite struct WeightedFidelityTests {
    @Test func costOnAHandComputedCase() {
        // Fidelities with |0⟩, |1⟩ of two samples labelled 0 and 1, weighted by α = (1.5, 0.5):
        // α·F = (0.96, 0.18) and (0.285, 0.405); residuals against Y = (1, 0), (0, 1) are
        // (−0.04, 0.18) and (0.285, −0.595); ½ Σ r² per sample, averaged: 0.46925 / 4.
        let weights = ClassWeights<Float>(classes: 2)
        weights.alpha.value = Tensor(shape: [2], scalars: [1.5, 0.5])
        let fidelities = Variable(Tensor<Float>(shape: [2, 2], scalars: [0.64, 0.36, 0.19, 0.81]))
        let output = weights(fidelities)
        #expect(zip(output.value.scalars, [0.96, 0.18, 0.285, 0.405] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        let cost = PaperTraining.loss(output, labels: [0, 1], kind: .weightedFidelity).value.scalar
        #expect(abs(cost - 0.1173125) < 1e-6, "\(cost)")
        // α = 1 and perfect fidelities cost nothing.
        let perfect = Variable(Tensor<Float>(shape: [2, 2], scalars: [1, 0, 0, 1]))
        #expect(PaperTraining.loss(ClassWeights<Float>(classes: 2)(perfect), labels: [0, 1], kind: .weightedFidelity).value.scalar == 0)
    }

    @Test func idealFidelitiesOfTheLabelStates() {
        let two = PaperModels.idealFidelities(classes: 2)
        #expect(two == [[1, 0], [0, 1]])
        // Tetrahedron vertices: |⟨ψ_c|ψ_k⟩|² = (1 + r_c·r_k)/2 = (1 − 1/3)/2 = 1/3 off the diagonal.
        let four = PaperModels.idealFidelities(classes: 4)
        for c in 0..<4 { for k in 0..<4 { #expect(abs(four[c][k] - (c == k ? 1 : 1.0 / 3)) < 1e-12) } }
    }

    @Test func weightedRecipeBuildsTheWeightsAndLoss() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.cost = "weighted-fidelity"
        let model = try recipe.makeModel(seed: 3)
        #expect(recipe.loss == .weightedFidelity)
        #expect(model.namedParameters.map(\.name).last == "1.alpha")
        #expect(model.parameterCount == 5 * recipe.layers + 2)
        recipe.cost = "fidelity"
        #expect(try recipe.makeModel(seed: 3).parameterCount == 5 * recipe.layers && recipe.loss == .fidelityAmplitude)
        recipe.cost = "squared"
        #expect(throws: QMLError.self) { try recipe.makeModel(seed: 3) }
    }

    /// ∂χ²_wf/∂θ (circuit weights and α) by autodiff against central differences.
    @Test func gradientMatchesFiniteDifferences() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.cost = "weighted-fidelity"; recipe.layers = 2
        let model = try recipe.makeModel(seed: 11)
        // Non-trivial α so that its gradient is not the α = 1 special case.
        model.parameters.last!.value = Tensor(shape: [2], scalars: [0.8, 1.3])
        let data = PaperData.circle(count: 12, seed: 5)
        let x = Variable(data.features)
        func cost() -> Variable<Float> { PaperTraining.loss(model(x), labels: data.labels, kind: recipe.loss) }
        for p in model.parameters { p.zeroGrad() }
        cost().backward()
        let h: Float = 1e-2
        var checked = 0
        for p in model.parameters {
            let grad = p.grad!.scalars
            for i in 0..<p.value.count {
                var s = p.value.scalars
                let v = s[i]
                s[i] = v + h; p.value = Tensor(shape: p.value.shape, scalars: s)
                let up = cost().value.scalar
                s[i] = v - h; p.value = Tensor(shape: p.value.shape, scalars: s)
                let down = cost().value.scalar
                s[i] = v; p.value = Tensor(shape: p.value.shape, scalars: s)
                let numeric = (up - down) / (2 * h)
                #expect(abs(numeric - grad[i]) < 2e-3 + 1e-2 * abs(grad[i]), "parameter \(i) of \(p.value.shape): autodiff \(grad[i]), numeric \(numeric)")
                checked += 1
            }
        }
        #expect(checked == 5 * 2 + 2)
    }

    @Test func predictionIsTheArgMaxOfTheWeightedFidelities() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.cost = "weighted-fidelity"; recipe.layers = 1
        let model = try recipe.makeModel(seed: 2)
        let data = PaperData.circle(count: 50, seed: 8)
        let fidelities = model.layers[0](data.features).scalars
        // A large α₁ moves the boundary: arg-max α_c·F_c, not of F_c, decides the class.
        model.parameters.last!.value = Tensor(shape: [2], scalars: [1, 3])
        let expected = (0..<50).map { i in 3 * fidelities[2 * i + 1] > fidelities[2 * i] ? 1 : 0 }
        let accuracy = PaperTraining.accuracy(model, data)
        let manual = Double(zip(expected, data.labels).filter { $0 == $1 }.count) / 50
        #expect(abs(accuracy - manual) < 1e-12, "\(accuracy) vs \(manual)")
    }

    @Test func savedWeightedModelReloads() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.cost = "weighted-fidelity"; recipe.layers = 2
        let model = try recipe.makeModel(seed: 4)
        model.parameters.last!.value = Tensor(shape: [2], scalars: [0.7, 1.9])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wfid-\(ProcessInfo.processInfo.globallyUniqueString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: model, metadata: [:], to: url)
        let loaded = try recipe.makeModel(seed: 99)
        try Checkpoint.load(into: loaded, from: url)
        let x = PaperData.circle(count: 20, seed: 1).features
        #expect(loaded(x).scalars == model(x).scalars)
        #expect(loaded.parameters.last!.value.scalars == [0.7, 1.9])
    }
}
