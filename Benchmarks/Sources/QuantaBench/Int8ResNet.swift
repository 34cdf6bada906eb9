import Foundation
import Quanta

/// ResNet-20 inference on a batch of 256 28×28 images: the float model against its integer
/// conversions W8A8 and W4A8 (static PTQ, per-channel weights, uint8 activations; the 4-bit
/// codes unpacked to int8 for the oneDNN GEMM), sampled interleaved. Weights:
/// `Models.resnet20(seed: 0)` with BatchNorm statistics as initialised; input uniform(0, 1)
/// seeded 0, calibrated on that batch. Integer rows carry `speedup_vs_fp32` (median of paired
/// ratios) and `check_argmax_agreement` with the float model. The float weights, BatchNorm
/// statistics, the images and Quanta's logits are written to $QUANTA_RESNET_FILE (default
/// /tmp/quanta-resnet20-inference.safetensors) for peers/resnet_int8.py (ONNX Runtime int8).
extension Workload {
    static let int8resnet = Workload(
        name: "int8resnet", reference: "W4",
        summary: "ResNet-20 inference, batch 256: fp32 vs W8A8 and W4A8 integer (PTQ, oneDNN), ms/batch"
    ) { bench in
        IntegerGEMM.setThreads(bench.threads)
        let batch = 256
        var rng = RandomGenerator(seed: 0)
        let x = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
        let model: Sequential<Float> = Models.resnet20(imageSize: 28, classes: 10, seed: 0)
        model.isTraining = false
        let w8 = try PostTrainingQuantization().quantize(model, calibration: [x])
        let w4 = try PostTrainingQuantization(weightScheme: .weights(bits: 4, granularity: .perChannel(axis: 0)))
            .quantize(model, calibration: [x])
        let loops = [Timing.loop { _ = model(x) }, Timing.loop { _ = w8.predict(x) }, Timing.loop { _ = w4.predict(x) }]
        let minTime = bench.minTime(0.5)
        let calls = loops.map { Timing.calibrate($0, minTime: minTime, warmup: 2) }
        let seconds = Timing.interleaved(loops, calls: calls, samples: bench.samples(7))
        let logits = model(x)
        try exportForPeers(model, images: x, logits: logits)
        let reference = logits.argmax(axis: 1)
        for (i, name) in ["quanta.fp32", "quanta.w8a8.onednn", "quanta.w4a8.onednn"].enumerated() {
            var extra: JSONLine = ["impl": .string(name), "calls_per_sample": .int(calls[i]),
                                   "images_per_s": .double(Double(batch) / Stats(seconds[i]).median)]
            if i > 0 {
                let predicted = (i == 1 ? w8 : w4).predict(x).argmax(axis: 1)
                extra["speedup_vs_fp32"] = .double(Stats(zip(seconds[0], seconds[i]).map { $0 / $1 }).median)
                extra["check_argmax_agreement"] = .double(Double(zip(reference, predicted).filter { $0 == $1 }.count) / Double(batch))
            }
            bench.emit(case: "batch=\(batch)", unit: "ms/batch", stats: Stats(seconds[i].map { $0 * 1e3 }), extra)
        }
    }
}

/// The parameters and buffers (PyTorch names), `images` and `logits` in one safetensors file.
private func exportForPeers(_ model: Sequential<Float>, images: Tensor<Float>, logits: Tensor<Float>) throws {
    let path = ProcessInfo.processInfo.environment["QUANTA_RESNET_FILE"] ?? "/tmp/quanta-resnet20-inference.safetensors"
    var tensors = model.namedParameters.map { (name: $0.name, entry: SafeTensors.Entry($0.variable.value)) }
    tensors += model.namedBuffers.map { (name: $0.name, entry: SafeTensors.Entry($0.tensor)) }
    tensors.append((name: "images", entry: SafeTensors.Entry(images)))
    tensors.append((name: "logits", entry: SafeTensors.Entry(logits)))
    try SafeTensors.write(tensors, metadata: ["model": "resnet20", "seed": "0"], to: URL(fileURLWithPath: path))
}
