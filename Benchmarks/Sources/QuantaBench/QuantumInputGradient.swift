import Foundation
import Quanta

/// Input gradients of a quantum classifier (issue #17, what an attack needs): 10 qubits,
/// RY(π·x_i) encoding of 10 features, 4 layers of RZ·RX·RZ rotations and a CZ brick
/// (`Templates.rotationsCZ`), ⟨Z₀⟩ and ⟨Z₁⟩ as logits, softmax cross-entropy; ∂L/∂x for a batch
/// of 256 (forward and adjoint backward), as peers/input_gradient.py asks PennyLane's
/// default.qubit with backprop. Samples of ≥ 0.5 s, median ms per batch.
extension Workload {
    static let inputgrad = Workload(
        name: "inputgrad", reference: "A11",
        summary: "input gradient of a 10-qubit classifier (4 rotation+CZ layers), batch 256, ms"
    ) { bench in
        let circuit = Encoders.angle(features: 10, axis: .y, scale: .pi) + Templates.rotationsCZ(qubits: 10, layers: 4)
        let layer = try QuantumLayer<Double>(circuit, readout: .expectations([.z(0), .z(1)]), seed: 0)
        var rng = RandomGenerator(seed: 1)
        let x = Tensor<Double>.uniform([256, 10], rng: &rng)
        let labels = (0..<256).map { $0 % 2 }
        func gradient() -> Tensor<Double> {
            let v = Variable(x, requiresGrad: true)
            return gradients(of: softmaxCrossEntropy(layer(v), labels: labels), wrt: [v])[0]
        }
        let check = gradient().scalars.prefix(3).map { $0 }
        let (seconds, calls) = Timing.measure(Timing.loop { _ = gradient() }, minTime: bench.minTime(0.5), samples: bench.samples(5))
        bench.emit(case: "n=10 layers=4 batch=256", unit: "ms", stats: Stats(seconds.map { $0 * 1e3 }),
                   ["impl": .string("quanta adjoint"), "calls_per_sample": .int(calls), "check_grad": .double(check[0])])
    }
}
