import Foundation
import XCTest
@testable import NeuralNetworks

final class MinimizerTests: XCTestCase {
    /// f(x) = Σ (xᵢ − i − 1)², minimum 0 at (1, 2, 3).
    let quadratic = Objective(dimension: 3, value: { x in
        x.enumerated().reduce(0) { $0 + ($1.element - Double($1.offset + 1)) * ($1.element - Double($1.offset + 1)) }
    })

    /// f(θ) = Σ −cos(θᵢ − i): sinusoidal in each θᵢ, minimum −3 at θ = (0, 1, 2).
    let cosines = Objective(dimension: 3, value: { x in
        x.enumerated().reduce(0) { $0 - cos($1.element - Double($1.offset)) }
    })

    func testNLoptMethodsFindTheQuadraticMinimum() throws {
        for method in NLoptMinimizer.Method.allCases {
            let result = try NLoptMinimizer(method, maxEvaluations: 2000, initialStep: 0.5).minimize(quadratic, from: [0, 0, 0])
            XCTAssertEqual(result.value, 0, accuracy: 1e-8, method.rawValue)
            XCTAssertEqual(result.x[2], 3, accuracy: 1e-3, method.rawValue)
            XCTAssertEqual(result.evaluations, result.history.count)
            XCTAssertLessThanOrEqual(result.evaluations, 2000)
        }
    }

    func testNLoptStopsAtItsBudgetAndPassesErrorsOn() throws {
        let result = try NLoptMinimizer(.cobyla, maxEvaluations: 7).minimize(quadratic, from: [0, 0, 0])
        XCTAssertEqual(result.evaluations, 7)
        struct Broken: Error {}
        var calls = 0
        let failing = Objective(dimension: 2) { _ in
            calls += 1
            if calls == 3 { throw Broken() }
            return 1
        }
        XCTAssertThrowsError(try NLoptMinimizer(.nelderMead, maxEvaluations: 100).minimize(failing, from: [0, 0])) {
            XCTAssertTrue($0 is Broken)
        }
        XCTAssertEqual(calls, 3)
        XCTAssertThrowsError(try NLoptMinimizer(.bobyqa, maxEvaluations: 10).minimize(Objective(dimension: 1) { $0[0] }, from: [0]))
    }

    func testRotosolveSolvesSeparableSinusoidsInOneSweep() throws {
        let result = try Rotosolve(maxSweeps: 5).minimize(cosines, from: [2.5, -1, 0.3])
        XCTAssertEqual(result.value, -3, accuracy: 1e-12)
        XCTAssertEqual(result.x[1], 1, accuracy: 1e-9)
        XCTAssertEqual(result.history[0], -3, accuracy: 1e-12)
    }

    func testAQGDMatchesHandComputedFirstStepAndConverges() throws {
        // One parameter, f = −cos θ: shift gradient sin θ; first step (1 − μ)·η·sin θ₀.
        let f = Objective(dimension: 1) { -cos($0[0]) }
        let one = try AQGD(maxIterations: 1, learningRate: 0.5, momentum: 0.25).minimize(f, from: [1])
        XCTAssertEqual(one.x[0], 1 - 0.75 * 0.5 * sin(1), accuracy: 1e-12)
        XCTAssertEqual(one.evaluations, 3)
        let many = try AQGD(maxIterations: 300, learningRate: 0.5).minimize(cosines, from: [1, 0, 1])
        XCTAssertEqual(many.value, -3, accuracy: 1e-6)
    }

    func testSPSAIsSeededAndDescends() throws {
        let a = try SPSA(iterations: 300, seed: 7).minimize(quadratic, from: [0, 0, 0])
        let b = try SPSA(iterations: 300, seed: 7).minimize(quadratic, from: [0, 0, 0])
        XCTAssertEqual(a.x, b.x)
        XCTAssertLessThan(a.value, 1e-2)
        // Calibration: 25 pairs, then a pair and one value per iteration.
        XCTAssertEqual(a.evaluations, 50 + 300 * 3)
    }

    func testAdamUsesTheObjectiveGradient() throws {
        let f = Objective(dimension: 1, value: { ($0[0] - 2) * ($0[0] - 2) }, gradient: { [2 * ($0[0] - 2)] })
        let result = try AdamMinimizer(iterations: 500, learningRate: 0.1).minimize(f, from: [0])
        XCTAssertEqual(result.x[0], 2, accuracy: 1e-3)
        XCTAssertEqual(result.evaluations, 1000)
    }

    func testTrainerMinimizesAFullBatchLossWithCOBYLA() throws {
        // Two separable blobs; a linear classifier trained by a derivative-free method.
        var features = [Float]()
        var labels = [Int]()
        for i in 0..<40 {
            let label = i % 2
            features += [Float(label == 0 ? -1 : 1) + Float(i % 5) * 0.1, Float(i % 3) * 0.1]
            labels.append(label)
        }
        let data = LabeledData(features: Tensor(shape: [40, 2], scalars: features), labels: labels)
        var rng = RandomGenerator(seed: 1)
        let model = Sequential<Float>([Linear(2, 2, rng: &rng)])
        let trainer = Trainer(model: model, optimizer: SGD(model.parameters, learningRate: 0), batchSize: 40)
        let before = Double(trainer.loss(model(Variable(data.features)), labels: labels).value.scalar)
        let result = try trainer.minimize(data, with: NLoptMinimizer(.cobyla, maxEvaluations: 200, initialStep: 0.5))
        XCTAssertLessThan(result.value, before / 4)
        XCTAssertEqual(trainer.state.epoch, result.evaluations)
        let after = Double(trainer.loss(model(Variable(data.features)), labels: labels).value.scalar)
        XCTAssertEqual(after, result.value, accuracy: 1e-5)
    }
}
