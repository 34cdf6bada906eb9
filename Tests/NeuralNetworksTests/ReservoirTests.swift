import Foundation
import Testing
@testable import NeuralNetworks

/// Ridge regression against the normal equations, echo-state reservoirs' spectral radius and states.
@Suite struct ReservoirTests {
    @Test func ridgeMatchesTheNormalEquationsOnAHandExample() throws {
        // x = [0, 1, 2, 3], y = 2x + 1 + e with e = [0.1, −0.1, −0.1, 0.1]; centred: x̄ = 1.5, ȳ = 4.
        // Sxx = Σ(x − x̄)² = 5, Sxy = Σ(x − x̄)(y − ȳ) = 10 + (−1.5·0.1 − 0.5·(−0.1) + 0.5·(−0.1) + 1.5·0.1) = 10.
        // λ = 1: w = Sxy / (Sxx + λ) = 10/6, b = ȳ − w·x̄ = 4 − 2.5 = 1.5.
        let x = Tensor<Float>(shape: [4, 1], scalars: [0, 1, 2, 3])
        let y = Tensor<Float>(shape: [4, 1], scalars: [1.1, 2.9, 4.9, 7.1])
        let ridge = try RidgeRegression.fit(x, y, regularization: 1)
        #expect(abs(ridge.weights[0] - 10.0 / 6) < 1e-6)
        #expect(abs(ridge.bias[0] - 1.5) < 1e-6)
        let free = try RidgeRegression.fit(x, y, regularization: 0)
        #expect(abs(free.weights[0] - 2) < 1e-6 && abs(free.bias[0] - 1) < 1e-6)
    }

    @Test func ridgeSolvesTheRegularisedSystemOnRandomData() throws {
        var rng = RandomGenerator(seed: 3)
        let (n, f, k) = (40, 5, 2)
        let x = Tensor<Float>.normal([n, f], rng: &rng), y = Tensor<Float>.normal([n, k], rng: &rng)
        let lambda = 0.7
        let ridge = try RidgeRegression.fit(x, y, regularization: lambda)
        // The gradient of the objective vanishes: Xcᵀ(Yc − Xc Wᵀ) = λ Wᵀ, column by column.
        let xs = x.scalars.map(Double.init), ys = y.scalars.map(Double.init)
        let xm = (0..<f).map { c in (0..<n).reduce(0.0) { $0 + xs[$1 * f + c] } / Double(n) }
        let ym = (0..<k).map { c in (0..<n).reduce(0.0) { $0 + ys[$1 * k + c] } / Double(n) }
        for j in 0..<k {
            for i in 0..<f {
                var g = 0.0
                for r in 0..<n {
                    var fit = 0.0
                    for c in 0..<f { fit += (xs[r * f + c] - xm[c]) * ridge.weights[j * f + c] }
                    g += (xs[r * f + i] - xm[i]) * (ys[r * k + j] - ym[j] - fit)
                }
                #expect(abs(g - lambda * ridge.weights[j * f + i]) < 1e-8)
            }
        }
    }

    @Test func ridgeRefusesBadData() {
        let x = Tensor<Float>(shape: [2, 1], scalars: [1, .nan]), y = Tensor<Float>(shape: [2, 1], scalars: [1, 2])
        #expect(throws: TrainingDataError.self) { try RidgeRegression.fit(x, y, regularization: 1) }
        #expect(throws: TrainingDataError.self) { try RidgeRegression.fit(Tensor<Float>(shape: [2, 1], scalars: [1, 1]), y, regularization: 0) }
        #expect(throws: TrainingDataError.self) { try RidgeRegression.fit(y, Tensor<Float>(shape: [3, 1], scalars: [1, 2, 3]), regularization: 1) }
    }

    @Test func validationPicksTheRegularisation() throws {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor<Float>.normal([60, 3], rng: &rng)
        let y = Tensor<Float>(shape: [60, 1], scalars: (0..<60).map { r in x.scalars[r * 3] - 2 * x.scalars[r * 3 + 2] })
        let train = (x.gatherRows(Array(0..<40)), y.gatherRows(Array(0..<40)))
        let validation = (x.gatherRows(Array(40..<60)), y.gatherRows(Array(40..<60)))
        let (model, error) = try RidgeRegression.fitSelecting(train: train, validation: validation)
        #expect(error < 1e-6)
        #expect(model.regularization <= 1e-4)
    }

    @Test func echoStateReservoirHasItsSpectralRadius() throws {
        let cell = try EchoStateCell<Float>(inputSize: 1, size: 50, spectralRadius: 0.8, connectivity: 0.2, seed: 4)
        let w = cell.recurrentWeights.scalars.map(Double.init)
        #expect(abs(try EchoStateCell<Float>.spectralRadius(w, n: 50) - 0.8) < 1e-4)
        // A rotation by 90° has eigenvalues ±i: radius 1.
        #expect(abs(try EchoStateCell<Float>.spectralRadius([0, -1, 1, 0], n: 2) - 1) < 1e-12)
        #expect(cell.namedParameters.isEmpty && cell.namedBuffers.count == 3)
    }

    @Test func streamedStatesEqualWindowStates() throws {
        let cell = try EchoStateCell<Float>(inputSize: 1, size: 8, leak: 0.5, seed: 2)
        let reservoir = CellReservoir(cell)
        let series = Tensor<Float>(shape: [6], scalars: [0.1, -0.3, 0.5, 0.2, 0, 0.9])
        let states = reservoir.states(driven: series)
        let window = reservoir.finalStates(windows: series.reshaped([1, 6]))
        for h in 0..<8 { #expect(abs(states.scalars[5 * 8 + h] - window.scalars[h]) < 1e-6) }
        // First step by hand: h = a·tanh(W_in·x + b) from rest.
        let first = (0..<8).map { 0.5 * tanh(Double(cell.inputWeights.scalars[$0]) * 0.1 + Double(cell.bias.scalars[$0])) }
        for h in 0..<8 { #expect(abs(Double(states.scalars[h]) - first[h]) < 1e-6) }
    }
}
