import Foundation
import Quanta

/// fp32 LeNet-5 inference (issue #15 item 2), batches of 1, 32 and 256, `model(x)` in eval mode.
/// Weights `Models.lenet5(seed: 0)`; inputs uniform(0, 1) seeded 0 (256 images, the first b for
/// batch b). Both, with the logits of the 256-image batch, go to `$QUANTA_LENET_FILE` (default
/// /tmp/quanta-lenet5-inference.safetensors) so that peers/lenet_inference.py runs the same
/// network on the same images and checks the logits.
extension Workload {
    static let lenetinfer = Workload(
        name: "lenetinfer", reference: "W6",
        summary: "LeNet-5 fp32 inference, batch 1, 32, 256, ms/batch (same weights and images as peers/lenet_inference.py)"
    ) { bench in
        var rng = RandomGenerator(seed: 0)
        let images = Tensor<Float>.uniform([256, 1, 28, 28], rng: &rng)
        let model: Sequential<Float> = Models.lenet5(seed: 0)
        model.isTraining = false
        let logits = model(images)
        try saveInferenceFile(model, images: images, logits: logits)
        for batch in [1, 32, 256] where bench.wants(case: "batch=\(batch)") {
            let x = batch == 256 ? images : images.sliced(axis: 0, 0..<batch)
            let loop = Timing.loop { _ = model(x) }
            let minTime = bench.minTime(0.3)
            let calls = Timing.calibrate(loop, minTime: minTime, warmup: 3)
            let seconds = Timing.interleaved([loop], calls: [calls], samples: bench.samples(7))[0]
            let ms = Stats(seconds.map { $0 * 1e3 })
            bench.emit(case: "batch=\(batch)", unit: "ms/batch", stats: ms,
                       ["impl": .string("quanta"), "calls_per_sample": .int(calls),
                        "isa": .string(KernelISA.active.name),
                        "check_logit_sum": .double(logits.scalars.reduce(0.0) { $0 + Double($1) })])
        }
    }

    /// The parameters (Quanta's names), `images` and `logits` in one safetensors file.
    static func saveInferenceFile(_ model: Sequential<Float>, images: Tensor<Float>, logits: Tensor<Float>) throws {
        let path = ProcessInfo.processInfo.environment["QUANTA_LENET_FILE"] ?? "/tmp/quanta-lenet5-inference.safetensors"
        var tensors = model.namedParameters.map { (name: $0.name, entry: SafeTensors.Entry($0.variable.value)) }
        tensors.append((name: "images", entry: SafeTensors.Entry(images)))
        tensors.append((name: "logits", entry: SafeTensors.Entry(logits)))
        try SafeTensors.write(tensors, metadata: ["model": "lenet5", "seed": "0"], to: URL(fileURLWithPath: path))
    }
}
