import Foundation
import Quanta

/// Quanvolution (issue #16): 1,000 MNIST test images, 2×2 patches with stride 2 on 4 qubits,
/// RY(π·x) encoding, one basic-entangler layer with fixed random weights (seed 0), ⟨Z⟩ of each
/// qubit: [1000, 1, 28, 28] → [1000, 4, 14, 14], forward only, complex128. MNIST comes from the
/// data registry (`QUANTA_DATA`). The images, the weights and the output go to
/// `$QUANTA_QUANV_FILE` (default /tmp/quanta-quanvolution.safetensors) for
/// peers/quanvolution.py, which runs the same circuit in PennyLane and TorchQuantum.
extension Workload {
    static let quanv = Workload(
        name: "quanv", reference: "A3",
        summary: "quanvolution of 1,000 MNIST images (2×2 stride 2, 4 qubits, 1 random layer), ms/run"
    ) { bench in
        let mnist = try DatasetRegistry.load("mnist")
        let images = (mnist.test ?? mnist.train).features.sliced(axis: 0, 0..<1000).reshaped([1000, 1, 28, 28])
        let layer = try Quanvolution<Double>(kernel: 2, stride: 2, layers: 1, trainable: false, seed: 0)
        let x = Tensor<Double>(converting: images)
        let output = layer(x)
        try saveQuanvolutionFile(layer, images: x, output: output)
        let loop = Timing.loop { _ = layer(x) }
        let calls = Timing.calibrate(loop, minTime: bench.minTime(0.5), warmup: 1)
        let seconds = Timing.interleaved([loop], calls: [calls], samples: bench.samples(5))[0]
        bench.emit(case: "images=1000", unit: "ms/run", stats: Stats(seconds.map { $0 * 1e3 }),
                   ["impl": .string("quanta"), "patches": .int(1000 * 196), "calls_per_sample": .int(calls),
                    "check_mean": .double(output.scalars.reduce(0, +) / Double(output.count))])
    }

    static func saveQuanvolutionFile(_ layer: Quanvolution<Double>, images: Tensor<Double>, output: Tensor<Double>) throws {
        let path = ProcessInfo.processInfo.environment["QUANTA_QUANV_FILE"] ?? "/tmp/quanta-quanvolution.safetensors"
        let tensors: [(name: String, entry: SafeTensors.Entry)] = [
            ("images", SafeTensors.Entry(images)), ("weights", SafeTensors.Entry(layer.circuit.weights.value)),
            ("output", SafeTensors.Entry(output)),
        ]
        try SafeTensors.write(tensors, metadata: ["circuit": "RY(pi x) on 4 qubits, BasicEntanglerLayers(1), <Z>"],
                              to: URL(fileURLWithPath: path))
    }
}
