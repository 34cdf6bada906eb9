import Foundation
import Testing
import QuantumSim
import Workloads

@Suite("Workload check values (WORKLOADS.md)")
struct WorkloadCheckTests {
    @Test func numpyStreamsAreReproduced() {
        // python: r = np.random.default_rng(0); r.uniform(0,1,3); r.integers(0,2,8); r.uniform(0,1,2);
        //         r.integers(0,2,3); r.uniform(0,1,1)
        var r = NumPyRandom(seed: 0)
        #expect(r.uniform(0, 1, count: 3) == [0.6369616873214543, 0.2697867137638703, 0.04097352393619469])
        #expect(r.integers(0, 2, count: 8) == [0, 0, 0, 1, 1, 1, 1, 1])
        #expect(r.uniform(0, 1, count: 2) == [0.7294965609839984, 0.5436249914654229])
        #expect(r.integers(0, 2, count: 3) == [1, 1, 0])
        #expect(r.uniform(0, 1, count: 1) == [0.002738500170148095])
    }

    @Test func w1CheckValue() throws {
        // ⟨Z0⟩ does not depend on n (qubit 0 only feels qubits before it); WORKLOADS: 0.278618
        for n in [8, 12] {
            for opts in [CompileOptions.gateByGate, CompileOptions()] {
                let z = try QuantumProgram(QuantumWorkloads.w1Circuit(qubits: n), options: opts).expectation(observable: .z(0))
                #expect(abs(z - 0.278618) < 5e-7, "n=\(n) ⟨Z0⟩=\(z)")
            }
        }
    }

    @Test func w2CheckValuesAtTwelveQubits() throws {
        let prog = QuantumProgram(QuantumWorkloads.w2Circuit(qubits: 12))
        let g = try prog.gradient(weights: QuantumWorkloads.w2Parameters(qubits: 12), observable: .pauli(.sumZ(12)))
        let norm = g.weightGradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(g.values[0] - 0.1258679379) < 1e-9, "⟨H⟩ = \(g.values[0])")
        #expect(abs(norm - 0.4055756224) < 1e-9, "‖∇‖ = \(norm)")
    }

    @Test func w3CheckLosses() throws {
        let prog = QuantumProgram(QuantumWorkloads.w3Circuit())
        let r = try QuantumWorkloads.w3Epoch(Double.self, program: prog, data: QuantumWorkloads.w3Data(), policy: .parallel(threads: 2))
        #expect(abs(r.losses[0] - 1.00621188) < 5e-9, "step 0 loss \(r.losses[0])")
        #expect(abs(r.losses[3] - 1.00915393) < 5e-9, "step 3 loss \(r.losses[3])")
    }
}
