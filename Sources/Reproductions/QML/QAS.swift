import Foundation
import QML
import QuantumSim

/// Sun, Wu, Ma & Tresp, "Quantum Architecture Search with Unsupervised Representation Learning"
/// (arXiv 2401.11576; papers.md §B3): a graph VAE pre-trained on random 4-qubit circuits without
/// labels; REINFORCE and Bayesian optimisation search its latent space; queries to a threshold
/// against random search on state preparation (GHZ, a random state) and Max-Cut.
public enum QAS {
    static let qubits = 4
    static let minGates = 4
    static let maxGates = 10

    struct Settings {
        var circuits = 4000
        var epochs = 150
        var budget = 150
    }

    /// The random architectures the autoencoder learns from.
    static func corpus(_ count: Int, seed: UInt64) throws -> [CircuitDAG] {
        var rng = RandomGenerator(seed: seed)
        return try (0..<count).map { _ in
            let gates = minGates + Int(rng.next(upperBound: UInt64(maxGates - minGates + 1)))
            return try CircuitDAG(CircuitDAG.random(qubits: qubits, gates: gates, rng: &rng), qubits: qubits, maxGates: maxGates)
        }
    }

    struct Task {
        var name: String
        var threshold: Double
        var reward: ([ArchitectureGate]) throws -> Double
    }

    /// GHZ-4 (fidelity ≥ 0.99), a seeded random state (≥ 0.9) and Max-Cut on the 4-ring (ratio ≥ 0.99).
    static func tasks(seed: UInt64) throws -> [Task] {
        let s = 1 / 2.0.squareRoot()
        var ghz = [Complex](repeating: .zero, count: 16)
        ghz[0] = Complex(s, 0)
        ghz[15] = Complex(s, 0)
        var rng = RandomGenerator(seed: 99)
        var random = (0..<16).map { _ in Complex(rng.nextNormal(), rng.nextNormal()) }
        let norm = random.reduce(0) { $0 + $1.magnitudeSquared }.squareRoot()
        random = random.map { Complex($0.re / norm, $0.im / norm) }
        return [
            Task(name: "GHZ-4 state", threshold: 0.99, reward: try ArchitectureReward.statePreparation(target: ghz, qubits: qubits, seed: seed)),
            Task(name: "random 4-qubit state", threshold: 0.9,
                 reward: try ArchitectureReward.statePreparation(target: random, qubits: qubits, seed: seed)),
            Task(name: "Max-Cut, 4-ring", threshold: 0.99,
                 reward: try ArchitectureReward.maxCut(edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, 1)], qubits: qubits, seed: seed)),
        ]
    }
}
