import Foundation
import XCTest
@testable import QML
import QuantumSim
import NeuralNetworks

final class ShotEngineTests: XCTestCase {
    let circuit = Encoders.angle(features: 2, axis: .y) + Templates.stronglyEntangling(qubits: 2, layers: 2)
    let readout = QuantumReadout.expectations([.z(0), try! .parse("0.5*X0 X1 - 0.25*Y1 + 0.3"),
                                               .projector(qubits: [0, 1], bits: [1, 0])])
    let weights = (0..<12).map { 0.37 * Double($0) - 1.1 }
    let inputs = [0.3, -0.8, 1.2, 0.4]

    func testBinomialDrawsHaveTheBinomialMeanAndVariance() {
        var rng = RandomGenerator(seed: 3)
        for (n, p) in [(1000, 0.3), (50, 0.97), (10, 0.0), (10, 1.0)] {
            let draws = (0..<4000).map { _ in Double(ShotEstimator.binomial(n, p, &rng)) }
            let mean = draws.reduce(0, +) / 4000
            let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3999
            let sigma = (Double(n) * p * (1 - p)).squareRoot()
            XCTAssertEqual(mean, Double(n) * p, accuracy: 4 * sigma / 4000.0.squareRoot() + 1e-12, "n \(n) p \(p)")
            XCTAssertEqual(variance, sigma * sigma, accuracy: 0.1 * sigma * sigma + 1e-12, "n \(n) p \(p)")
        }
    }

    func testEstimatorSplitsSumsIntoTermsAndKeepsConstantsExact() {
        let estimator = ShotEstimator(readout.observables)
        XCTAssertEqual(estimator.atoms.count, 4)   // Z0, X0X1, Y1, the projector
        XCTAssertEqual(estimator.outputCount, 3)
        // Exact means ±1 and 0/1 leave nothing to chance: the estimate is exact.
        var rng = RandomGenerator(seed: 1)
        let values = estimator.estimate(means: [1, -1, 1, 0], rows: 1, shots: 10, rng: &rng)
        XCTAssertEqual(values, [1, 0.5 * -1 - 0.25 + 0.3, 0])
    }

    func testShotValuesScatterAroundTheExactOnesWithTheShotNoise() throws {
        let exact = try StateVectorEngine(circuit, readout: readout).evaluate(weights: weights, inputs: inputs, batch: 2).values
        let shots = 400
        let engine = try ShotEngine(circuit, readout: readout, shots: shots, seed: 11)
        let repeats = 300
        var sums = [Double](repeating: 0, count: exact.count)
        for _ in 0..<repeats {
            let v = try engine.evaluate(weights: weights, inputs: inputs, batch: 2).values
            for i in v.indices { sums[i] += v[i] }
        }
        for i in exact.indices {
            // the standard error of the mean of `repeats` estimates is at most 1/√(shots·repeats) per unit weight
            XCTAssertEqual(sums[i] / Double(repeats), exact[i], accuracy: 4 * 0.75 / Double(shots * repeats).squareRoot(), "output \(i)")
        }
        let again = try ShotEngine(circuit, readout: readout, shots: shots, seed: 11)
        let first = try ShotEngine(circuit, readout: readout, shots: shots, seed: 11).evaluate(weights: weights, inputs: inputs, batch: 2).values
        XCTAssertEqual(try again.evaluate(weights: weights, inputs: inputs, batch: 2).values, first)
    }

    func testShotGradientsAverageToTheAdjointGradient() throws {
        let upstream = [1.0, 0.5, -2.0, 0.3, -1.0, 1.5]
        let exactEngine = try StateVectorEngine(circuit, readout: readout)
        let tape = try exactEngine.evaluate(weights: weights, inputs: inputs, batch: 2).tape
        let exact = try exactEngine.vectorJacobianProduct(tape, upstream: upstream, inputGradients: true)
        for gradient in [ShotEngine.Gradient.parameterShift, .spsa(perturbation: 0.05)] {
            let shots = gradient == .parameterShift ? 20_000 : 2_000
            let engine = try ShotEngine(circuit, readout: readout, shots: shots, seed: 5, gradient: gradient)
            let repeats = gradient == .parameterShift ? 20 : 2000
            var w = [Double](repeating: 0, count: weights.count)
            var x = [Double](repeating: 0, count: inputs.count)
            for _ in 0..<repeats {
                let t = try engine.evaluate(weights: weights, inputs: inputs, batch: 2).tape
                let g = try engine.vectorJacobianProduct(t, upstream: upstream, inputGradients: true)
                for i in w.indices { w[i] += g.weights[i] / Double(repeats) }
                for i in x.indices { x[i] += g.inputs![i] / Double(repeats) }
            }
            let tolerance = gradient == .parameterShift ? 0.05 : 0.35
            for i in w.indices { XCTAssertEqual(w[i], exact.weights[i], accuracy: tolerance, "\(gradient) weight \(i)") }
            for i in x.indices { XCTAssertEqual(x[i], exact.inputs![i], accuracy: tolerance, "\(gradient) input \(i)") }
        }
    }

    func testAShotLayerTrains() throws {
        // One qubit, RY(w)·RX(x): fit ⟨Z⟩ = −1 at every input with 200 shots.
        var c = Circuit(qubits: 1)
        c.rx(.input(0), 0)
        c.ry(.weight(0), 0)
        let layer = try QuantumLayer<Double>(c, readout: .expectations([.z(0)]), shots: 200,
                                             weights: Tensor(shape: [1], scalars: [0.3]), seed: 2)
        let optimizer = Adam(layer.parameters, learningRate: 0.1)
        let x = Variable(Tensor<Double>(shape: [4, 1], scalars: [0.1, -0.1, 0.2, 0]))
        for _ in 0..<60 {
            optimizer.zeroGrad()
            layer(x).sum().backward()
            optimizer.step()
        }
        XCTAssertEqual(abs(layer.weights.value.scalars[0]), Double.pi, accuracy: 0.3)
        XCTAssertThrowsError(try ShotEngine(c, readout: .expectations([.z(0)]), shots: 0, seed: 1))
    }
}
