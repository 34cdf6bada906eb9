import Datasets
import Foundation
import QML

/// Rudolph et al., "Synergy between quantum circuits and tensor networks: short-cutting the race
/// to practical quantum advantage" (arXiv 2208.13673; papers.md §B4): train an MPS Born machine
/// classically, decompose it into staircase layers of two-qubit gates, and start a circuit Born
/// machine there (extra layers near the identity); compare its KL divergence with random and
/// identity starts of the same circuit.
public enum TNInit {
    struct Task {
        var name: String
        var qubits: Int
        var patterns: [Int]
    }

    static func tasks(quick: Bool) throws -> [Task] {
        var out = [Task(name: "bars and stripes 3×3", qubits: 9, patterns: try BitstringPatterns.barsAndStripes(rows: 3, columns: 3)),
                   Task(name: "cardinality 8 bits, 4 ones", qubits: 8, patterns: try BitstringPatterns.cardinality(bits: 8, ones: 4))]
        if !quick {
            out.insert(Task(name: "bars and stripes 4×4", qubits: 16, patterns: try BitstringPatterns.barsAndStripes(rows: 4, columns: 4)),
                       at: 1)
        }
        return out
    }

    struct Settings {
        var bond = 8
        var mpsSteps = 600
        var decomposedLayers = 4
        var extraLayers = 1
        var circuitSteps = 150
        var fidelitySteps = 300
    }

    /// One seed on one task: the MPS, its decomposition and the three circuit trainings.
    struct Outcome {
        var mpsKL: Double
        var fidelities: (analytic: Double, compiled: Double, optimised: Double)
        var curves: [String: [Double]]
    }

    static let starts = ["MPS-initialised", "random", "identity"]

    static func run(_ task: Task, _ s: Settings, seed: UInt64) throws -> Outcome {
        let n = task.qubits
        let q = try BornMachineLoss.distribution(task.patterns, qubits: n)
        var mps = try MPSBornMachine(sites: n, bond: s.bond, seed: seed)
        try mps.fit(q, steps: s.mpsSteps)
        let phi = try mps.stateVector()
        let layers = try StaircaseDecomposition.layers(phi, qubits: n, count: s.decomposedLayers)
        let circuit = try BlockCircuit.staircase(qubits: n, layers: s.decomposedLayers + s.extraLayers)
        let psi = StaircaseDecomposition.state(layers, qubits: n)
        let analytic = pow(zip(psi, phi).reduce(0) { $0 + $1.0 * $1.1 }, 2)
        var compiled = [Double]()
        for (k, layer) in layers.reversed().enumerated() {
            for (i, g) in layer.enumerated() {
                compiled += try circuit.blockAngles(approximating: g, seed: seed &+ UInt64(k * 100 + i)).0
            }
        }
        var rng = RandomGenerator(seed: seed &+ 7)
        let extra = (0..<(s.extraLayers * (n - 1) * circuit.anglesPerBlock)).map { _ in 0.01 * rng.nextNormal() }
        let start = compiled + extra
        let compiledFidelity = circuit.fidelity(start, target: phi)
        let optimised = try circuit.maximizeFidelity(phi, from: start, steps: s.fidelitySteps)
        let random = (0..<circuit.parameterCount).map { _ in Double.pi * (2 * rng.nextUnit() - 1) }
        let identity = (0..<circuit.parameterCount).map { _ in 0.01 * rng.nextNormal() }
        var curves = [String: [Double]]()
        for (name, angles) in zip(starts, [optimised.angles, random, identity]) {
            let initial = BornMachineLoss.kl(q, circuit.state(angles))
            curves[name] = [initial] + (try circuit.fitDistribution(q, from: angles, steps: s.circuitSteps).history)
        }
        return Outcome(mpsKL: BornMachineLoss.kl(q, phi),
                       fidelities: (analytic, compiledFidelity, circuit.fidelity(optimised.angles, target: phi)), curves: curves)
    }
}
