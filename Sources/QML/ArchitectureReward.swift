import Foundation
import NeuralNetworks
import QuantumSim
import Tensor

/// What an architecture is worth on a task: its rotation angles are trained (Adam on the adjoint
/// gradient from `restarts` seeded starts) and the best score returned — the query of a quantum
/// architecture search.
public enum ArchitectureReward {
    /// |φ⟩⟨φ| as a Pauli sum: Σ_P (⟨φ|P|φ⟩ / 2ⁿ)·P over the 4ⁿ strings (n ≤ 6).
    public static func projector(onto phi: [Complex], qubits n: Int) throws -> PauliSum {
        guard (1...6).contains(n), phi.count == 1 << n else {
            throw QMLError.invalidArgument("a projector's Pauli expansion takes a state of 2^n amplitudes, n ≤ 6")
        }
        var terms = [(Double, PauliString)]()
        for x in 0..<(1 << n) {
            for z in 0..<(1 << n) {
                let p = PauliString(xMask: x, zMask: z)
                let applied = PauliSum([(1, p)]).applied(to: phi)
                var c = 0.0
                for k in phi.indices { c += phi[k].re * applied[k].re + phi[k].im * applied[k].im }
                c /= Double(1 << n)
                if abs(c) > 1e-12 { terms.append((c, p)) }
            }
        }
        return PauliSum(terms)
    }

    /// The best ⟨O⟩ over trained angles, maximised (`sign` 1) or minimised (`sign` −1).
    static func optimise(_ gates: [ArchitectureGate], qubits: Int, observable: Observable, sign: Double, restarts: Int, steps: Int,
                         seed: UInt64) throws -> Double {
        let circuit = try CircuitDAG(gates, qubits: qubits, maxGates: max(gates.count, 1)).circuit
        let program = QuantumProgram(circuit)
        let w = circuit.weightCount
        guard w > 0 else { return try program.gradient(weights: [], observable: observable).values[0] }
        let objective = Objective(dimension: w, value: { x in
            -sign * (try program.gradient(weights: x, observable: observable).values[0])
        }, gradient: { x in
            try program.gradient(weights: x, observable: observable).weightGradient.map { -sign * $0 }
        })
        var rng = RandomGenerator(seed: seed)
        var best = -Double.infinity
        for _ in 0..<max(restarts, 1) {
            let start = (0..<w).map { _ in Double.pi * (2 * rng.nextUnit() - 1) }
            let result = try AdamMinimizer(iterations: steps, learningRate: 0.1).minimize(objective, from: start)
            best = max(best, -result.value)
        }
        return sign * best
    }

    /// Fidelity |⟨φ|ψ(θ)⟩|² with a target state after training.
    public static func statePreparation(target phi: [Complex], qubits: Int, restarts: Int = 3, steps: Int = 80,
                                        seed: UInt64) throws -> ([ArchitectureGate]) throws -> Double {
        let observable = Observable.pauli(try projector(onto: phi, qubits: qubits))
        return { gates in try optimise(gates, qubits: qubits, observable: observable, sign: 1, restarts: restarts, steps: steps, seed: seed) }
    }

    /// Approximation ratio −⟨H⟩ / (largest cut) of the Max-Cut Hamiltonian after training.
    public static func maxCut(edges: [(Int, Int, Double)], qubits: Int, restarts: Int = 3, steps: Int = 80,
                              seed: UInt64) throws -> ([ArchitectureGate]) throws -> Double {
        let hamiltonian = try Hamiltonians.maxCut(edges)
        let best = (0..<(1 << qubits)).map { k in edges.reduce(0.0) { $0 + (((k >> $1.0) ^ (k >> $1.1)) & 1 == 1 ? $1.2 : 0) } }.max()!
        return { gates in
            -(try optimise(gates, qubits: qubits, observable: .pauli(hamiltonian), sign: -1, restarts: restarts, steps: steps,
                           seed: seed)) / best
        }
    }
}
