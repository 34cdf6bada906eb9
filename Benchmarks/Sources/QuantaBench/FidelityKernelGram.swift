import Foundation
import Quanta

/// The fidelity-kernel Gram matrix (issue #20): 500 samples of 8 features,
/// x[i][q] = π·frac(0.618·(8i + q + 1)), encoded by RX(x_q) on every qubit, a CNOT ring and
/// RZ(x_q) on every qubit; ms for the whole 500 × 500 matrix. Check value: the sum of the entries.
extension Workload {
    static let kernel = Workload(
        name: "kernel", reference: "—",
        summary: "fidelity-kernel Gram matrix, 500 samples, 8 qubits, ms"
    ) { bench in
        let (n, q) = (500, 8)
        var encoding = Encoders.angle(features: q, axis: .x)
        for j in 0..<q { encoding.cx(j, (j + 1) % q) }
        for j in 0..<q { encoding.rz(Parameter.input(j), j) }
        let kernel = try FidelityKernel(encoding)
        let x = (0..<(n * q)).map { Double.pi * (0.618 * Double($0 + 1)).truncatingRemainder(dividingBy: 1) }
        var total = 0.0
        let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
            total = try kernel.gram(x).reduce(0, +)
        }
        bench.emit(case: "gram/n=\(n)/qubits=\(q)", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                   ["impl": .string("quanta"), "check_sum": .double(total)])
    }
}
