import Foundation
import Quanta

/// Matrix-product-state simulation (issue #20): a 50-qubit brickwork circuit of depth 10 — per
/// layer RY(θ) and RZ(φ) on every qubit, then CNOTs on (0,1), (2,3), … in even layers and
/// (1,2), (3,4), … in odd ones, θ = 0.3 + 0.17·((7l + 3q) mod 11), φ = 0.2 + 0.13·((5l + 2q) mod 7)
/// — at χ = 32, complex128, ms per run. Check values: ⟨Z₀⟩ and the discarded weight.
extension Workload {
    static let mps = Workload(
        name: "mps", reference: "—",
        summary: "matrix product state: 50-qubit brickwork, depth 10, χ = 32, ms per run"
    ) { bench in
        let (n, depth, chi) = (50, 10, 32)
        let circuit = Self.brickwork(qubits: n, depth: depth)
        var z0 = 0.0
        var discarded = 0.0
        let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
            var state = try MatrixProductState(qubits: n, maxBondDimension: chi)
            try state.run(circuit)
            z0 = state.expectation(PauliString([(0, "Z")]))
            discarded = state.truncationError
        }
        bench.emit(case: "brickwork/n=\(n)/depth=\(depth)/chi=\(chi)", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                   ["impl": .string("quanta"), "check_z0": .double(z0), "discarded_weight": .double(discarded)])
    }

    static func brickwork(qubits n: Int, depth: Int) -> Circuit {
        var c = Circuit(qubits: n)
        for l in 0..<depth {
            for q in 0..<n {
                c.ry(.constant(0.3 + 0.17 * Double((7 * l + 3 * q) % 11)), q)
                c.rz(.constant(0.2 + 0.13 * Double((5 * l + 2 * q) % 7)), q)
            }
            for q in stride(from: l % 2, to: n - 1, by: 2) { c.cx(q, q + 1) }
        }
        return c
    }
}
