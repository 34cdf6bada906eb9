import Foundation
import Quanta
import Workloads

/// W2 (WORKLOADS.md): hardware-efficient ansatz (L = 6 layers of RY, RZ per qubit and a CNOT
/// ring), H = Σ Z_i, θ = default_rng(0).uniform(0, 2π, (L, n, 2)), n = 12 and 16. Timed: value
/// and full gradient from the parameter values (adjoint method; the circuit is compiled once
/// outside, as the peers build their circuits outside). 1 warm-up + 5 timed.
/// Check values ⟨H⟩ and ‖∇‖₂.
extension Workload {
    static let w2 = Workload(
        name: "w2", reference: "W2",
        summary: "variational value + full gradient (adjoint), n = 12, 16, ms"
    ) { bench in
        for n in [12, 16] {
            let program = QuantumProgram(QuantumWorkloads.w2Circuit(qubits: n))
            let theta = QuantumWorkloads.w2Parameters(qubits: n)
            let h = Observable.pauli(.sumZ(n))
            for dtype in ["complex128", "complex64"] where bench.wants(case: "n=\(n)/\(dtype)/adjoint") {
                var result: SampleGradient? = nil
                let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
                    result = dtype == "complex128"
                        ? try program.gradient(Double.self, weights: theta, observable: h, policy: QuantumBench.policy(bench))
                        : try program.gradient(Float.self, weights: theta, observable: h, policy: QuantumBench.policy(bench))
                }
                let g = result!
                let norm = g.weightGradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
                bench.emit(case: "n=\(n)/\(dtype)/adjoint", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                           ["parameters": .int(theta.count), "check_value": QuantumBench.check(g.values[0]),
                            "check_grad_norm": QuantumBench.check(norm)])
            }
        }
    }
}
