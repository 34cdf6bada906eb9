import Foundation
import Quanta
import Workloads

/// Noise-simulation speed (issue #19): the W1 circuit (5 rounds of H, CNOT chain, RX(0.3)) on a
/// density matrix, complex128, n = 10 and 12, from |0…0⟩⟨0…0| (allocation included, as a peer's
/// run includes it), ns per gate; and 10⁶ shots sampled from the 20-qubit W1 state into counts
/// (state preparation included), ms. Check values: ⟨Z₀⟩ and the number of distinct outcomes.
extension Workload {
    static let density = Workload(
        name: "density", reference: "W1",
        summary: "density-matrix gates (W1 circuit, n = 10, 12, complex128, ns/gate) and 10⁶ shots from 20 qubits (ms)"
    ) { bench in
        let silent = try NoiseModel()
        for n in [10, 12] where bench.wants(case: "dm/n=\(n)") {
            let circuit = QuantumWorkloads.w1Circuit(qubits: n)
            let gates = circuit.instructions.count
            var z0 = 0.0
            let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
                let rho = try DensityMatrix<Double>.run(circuit, noise: silent, threads: bench.threads)
                z0 = rho.expectation(PauliString([(0, "Z")]))
            }
            bench.emit(case: "dm/n=\(n)", unit: "ns/gate", stats: Stats(seconds.map { $0 / Double(gates) * 1e9 }),
                       ["impl": .string("quanta"), "gates": .int(gates), "check_z0": .double(z0)])
        }
        if bench.wants(case: "shots/n=20") {
            let program = QuantumProgram(QuantumWorkloads.w1Circuit(qubits: 20))
            var outcomes = 0
            var seed: UInt64 = 0
            let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
                seed += 1
                let state = try program.state(Double.self, policy: QuantumBench.policy(bench))
                outcomes = state.counts(shots: 1_000_000, seed: seed).count
            }
            bench.emit(case: "shots/n=20", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                       ["impl": .string("quanta"), "check_outcomes": .int(outcomes)])
        }
    }
}
