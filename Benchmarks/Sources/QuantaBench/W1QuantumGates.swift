import Foundation
import Quanta
import Workloads

/// W1 (WORKLOADS.md): 5 rounds of H on every qubit, CNOT(i, i+1), RX(0.3) on every qubit, on
/// |0…0⟩, n = 16, 20 and 24, applied gate by gate (one kernel call per gate, like the peers'
/// Python loops over prebuilt gates), and the same circuit fused (Quanta's default compile).
/// Timed: the G = 5·(3n−1) applications (state reset untimed). n ≤ 20: 1 warm-up + 5 timed;
/// n = 24: 3 timed. Check value ⟨Z₀⟩.
extension Workload {
    static let w1 = Workload(
        name: "w1", reference: "W1",
        summary: "quantum gate kernels, n = 16, 20, 24, gate by gate and fused, ns/gate"
    ) { bench in
        for n in [16, 20, 24] {
            let circuit = QuantumWorkloads.w1Circuit(qubits: n)
            let gates = 5 * (3 * n - 1)
            for (variant, options) in [("gate-by-gate", CompileOptions.gateByGate), ("fused", CompileOptions())] {
                let program = QuantumProgram(circuit, options: options)
                for dtype in ["complex128", "complex64"] where bench.wants(case: "n=\(n)/\(dtype)/\(variant)") {
                    let warmup = n < 24 ? 1 : 0, samples = bench.samples(n < 24 ? 5 : 3)
                    var seconds: [Double] = []
                    var z0 = 0.0
                    if dtype == "complex128" {
                        var s = try StateVector<Double>(qubits: n)
                        seconds = QuantumBench.time(warmup: warmup, samples: samples, reset: { s.resetToZeroState() }) {
                            program.run(&s, policy: QuantumBench.policy(bench))
                        }
                        z0 = s.expectation(.z(0))
                    } else {
                        var s = try StateVector<Float>(qubits: n)
                        seconds = QuantumBench.time(warmup: warmup, samples: samples, reset: { s.resetToZeroState() }) {
                            program.run(&s, policy: QuantumBench.policy(bench))
                        }
                        z0 = s.expectation(.z(0))
                    }
                    let perGate = Stats(seconds.map { $0 / Double(gates) * 1e9 })
                    let bytes = Double(gates) * 2 * 16 * pow(2, Double(n))
                    let actual = dtype == "complex64" ? bytes / 2 : bytes
                    bench.emit(case: "n=\(n)/\(dtype)/\(variant)", unit: "ns/gate", stats: perGate,
                               ["gates": .int(gates), "kernel_calls": .int(program.blockCount),
                                "round_ms": .double(perGate.median * Double(gates) / 5 / 1e6),
                                "gbps": .double(bytes / (perGate.median * Double(gates))),
                                "gbps_actual": .double(actual / (perGate.median * Double(gates))),
                                "check_z0": QuantumBench.check(z0)])
                }
            }
        }
    }
}
