import Foundation
import XCTest
@testable import QML
import QuantumSim
import Tensor

/// qas's parts: the GP interpolates and its EI by hand, the projector's Pauli expansion, rewards
/// of known circuits, the autoencoder learning and always decoding valid circuits, and the
/// searches' query counting.
final class ArchitectureSearchTests: XCTestCase {
    func testGaussianProcessInterpolatesAndExpectedImprovementByHand() throws {
        let x: [[Double]] = [[0, 0], [1, 0], [0, 2]]
        let y = [1.0, 3.0, -1.0]
        let gp = try GaussianProcess(x, y, lengthScale: 0.8, noise: 1e-10)
        for (p, v) in zip(x, y) {
            let (m, variance) = gp.predict(p)
            XCTAssertEqual(m, v, accuracy: 1e-5)
            XCTAssertLessThan(variance, 1e-6)
        }
        // far away: the prior mean and variance (s² = var(y) = 8/3)
        let far = gp.predict([50, 50])
        XCTAssertEqual(far.mean, 1, accuracy: 1e-9)
        XCTAssertEqual(far.variance, 8.0 / 3, accuracy: 1e-9)
        // μ = best: EI = σ·φ(0) = σ/√(2π)
        XCTAssertEqual(GaussianProcess.expectedImprovement(mean: 2, variance: 4, best: 2), 2 / (2 * Double.pi).squareRoot(), accuracy: 1e-12)
        XCTAssertThrowsError(try GaussianProcess([[0], [0]], [1, 2], lengthScale: 1, noise: 0))
    }

    func testProjectorExpansionAndRewardsOfKnownCircuits() throws {
        let s = 1 / 2.0.squareRoot()
        var bell = [Complex](repeating: .zero, count: 4)
        bell[0] = Complex(s, 0)
        bell[3] = Complex(s, 0)
        let p = try ArchitectureReward.projector(onto: bell, qubits: 2)
        // |Φ+⟩⟨Φ+| = (II + XX − YY + ZZ)/4
        XCTAssertEqual(p.terms.count, 4)
        for (c, _) in p.terms { XCTAssertEqual(abs(c), 0.25, accuracy: 1e-12) }
        let reward = try ArchitectureReward.statePreparation(target: bell, qubits: 2, seed: 1)
        XCTAssertEqual(try reward([ArchitectureGate(.ry, [0]), ArchitectureGate(.cnot, [0, 1])]), 1, accuracy: 1e-4)
        XCTAssertEqual(try reward([ArchitectureGate(.cnot, [0, 1])]), 0.5, accuracy: 1e-12)
        let cut = try ArchitectureReward.maxCut(edges: [(0, 1, 1), (1, 2, 1), (2, 0, 1)], qubits: 3, seed: 2)
        // a triangle's best cut is 2; X on qubit 0 alone cuts 2 edges
        XCTAssertEqual(try cut([ArchitectureGate(.rx, [0])]), 1, accuracy: 1e-4)
        XCTAssertEqual(try cut([ArchitectureGate(.cz, [0, 1])]), 0, accuracy: 1e-12)
    }

    func testAutoencoderLearnsAndDecodesValidCircuits() throws {
        var rng = RandomGenerator(seed: 3)
        let dags = try (0..<200).map { _ in try CircuitDAG(CircuitDAG.random(qubits: 3, gates: 2 + Int(rng.next() % 3), rng: &rng), qubits: 3, maxGates: 4) }
        let vae = try CircuitAutoencoder(qubits: 3, maxGates: 4, latent: 6, hidden: 16, seed: 4)
        let losses = try vae.fit(dags, epochs: 120, batchSize: 32, learningRate: 3e-3, seed: 5)
        XCTAssertLessThan(losses.last!, 0.5 * losses.first!)
        XCTAssertGreaterThan(vae.reconstructionAccuracy(dags), 0.2)   // 0.31 measured: every slot of a circuit must come back
        for _ in 0..<50 {
            let gates = vae.decode((0..<6).map { _ in 3 * rng.nextNormal() })
            XCTAssertNoThrow(try CircuitDAG(gates, qubits: 3, maxGates: 4))
        }
    }

    func testSearchesCountDistinctQueriesAndStopAtTheThreshold() throws {
        var rng = RandomGenerator(seed: 6)
        let dags = try (0..<60).map { _ in try CircuitDAG(CircuitDAG.random(qubits: 2, gates: 3, rng: &rng), qubits: 2, maxGates: 3) }
        let vae = try CircuitAutoencoder(qubits: 2, maxGates: 3, latent: 4, hidden: 8, seed: 7)
        let pool = ArchitectureSearch.LatentPool(vae, dags)
        XCTAssertEqual(pool.points.count, 60)
        // reward: the number of CNOTs; threshold 2
        let reward: ([ArchitectureGate]) throws -> Double = { Double($0.filter { $0.kind == .cnot }.count) }
        for trace in [try ArchitectureSearch.reinforce(pool, budget: 40, threshold: 2, seed: 8, evaluate: reward),
                      try ArchitectureSearch.bayesian(pool, budget: 40, threshold: 2, seed: 9, evaluate: reward),
                      try ArchitectureSearch.random(qubits: 2, minGates: 3, maxGates: 3, budget: 40, threshold: 2, seed: 10, evaluate: reward)] {
            XCTAssertLessThanOrEqual(trace.rewards.count, 40)
            if let q = trace.queries(toReach: 2) {
                XCTAssertEqual(q, trace.rewards.count)   // stopped there
                XCTAssertEqual(try reward(trace.best), trace.rewards.max())
            }
            XCTAssertEqual(trace.bestSoFar.last, trace.rewards.max())
        }
    }
}


