import Foundation
import Quanta
import Workloads

/// W3 (WORKLOADS.md): data re-uploading classifier (8 qubits, 3 blocks), one epoch = w := W0,
/// Adam(lr 0.01), 4 batches of 256: forward, loss mean((⟨Z₀⟩ − y)²), adjoint backward (one
/// sweep per sample with the upstream weight 2(f − y)/256), step. Throughput = 1024 / epoch
/// time. 1 warm-up + 5 timed epochs. Check values: loss at step 0 and step 3.
extension Workload {
    static let w3 = Workload(
        name: "w3", reference: "W3",
        summary: "QML training epoch (fwd + adjoint bwd + Adam, 1024 samples), samples/s"
    ) { bench in
        let program = QuantumProgram(QuantumWorkloads.w3Circuit())
        let data = QuantumWorkloads.w3Data()
        for dtype in ["complex128", "complex64"] where bench.wants(case: "\(dtype)/adjoint") {
            var losses: [Double] = []
            let seconds = try QuantumBench.time(warmup: 1, samples: bench.samples(5)) {
                losses = dtype == "complex128"
                    ? try QuantumWorkloads.w3Epoch(Double.self, program: program, data: data, policy: QuantumBench.policy(bench)).losses
                    : try QuantumWorkloads.w3Epoch(Float.self, program: program, data: data, policy: QuantumBench.policy(bench)).losses
            }
            bench.emit(case: "\(dtype)/adjoint", unit: "samples/s", stats: Stats(seconds.map { 1024 / $0 }),
                       ["epoch_ms": .double(Stats(seconds).median * 1e3),
                        "check_loss_step0": QuantumBench.check(losses[0]), "check_loss_step3": QuantumBench.check(losses[3])])
        }
    }
}
