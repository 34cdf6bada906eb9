import Quanta

/// End-to-end LeNet-5 inference on a batch of 256 28×28 images: the float model (`model(x)`,
/// no graph) against its W8A8 integer conversion (static PTQ, per-channel int8 weights, uint8
/// activations, oneDNN GEMM), sampled interleaved. Weights: `Models.lenet5(seed: 0)`, input
/// uniform(0, 1) seeded 0, calibrated on that batch. The integer row carries `speedup_vs_fp32`
/// (paired ratio of times) and `check_argmax_agreement` with the float model.
extension Workload {
    static let int8lenet = Workload(
        name: "int8lenet", reference: "W4",
        summary: "LeNet-5 inference, batch 256: fp32 vs int8 (PTQ, oneDNN), ms/batch"
    ) { bench in
        IntegerGEMM.setThreads(bench.threads)
        let batch = 256
        var rng = RandomGenerator(seed: 0)
        let x = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
        let model: Sequential<Float> = Models.lenet5(seed: 0)
        model.isTraining = false
        let quantized = try PostTrainingQuantization().quantize(model, calibration: [x])
        let floatLoop = Timing.loop { _ = model(x) }
        let intLoop = Timing.loop { _ = quantized.predict(x) }
        let minTime = bench.minTime(0.3)
        let calls = [floatLoop, intLoop].map { Timing.calibrate($0, minTime: minTime, warmup: 3) }
        let seconds = Timing.interleaved([floatLoop, intLoop], calls: calls, samples: bench.samples(7))
        let agreement = zip(model(x).argmax(axis: 1), quantized.predict(x).argmax(axis: 1)).filter { $0 == $1 }.count
        for (i, name) in ["quanta.fp32", "quanta.int8.onednn"].enumerated() {
            var extra: JSONLine = ["impl": .string(name), "calls_per_sample": .int(calls[i]),
                                   "images_per_s": .double(Double(batch) / Stats(seconds[i]).median)]
            if i == 1 {
                extra["speedup_vs_fp32"] = .double(Stats(zip(seconds[0], seconds[1]).map { $0 / $1 }).median)
                extra["check_argmax_agreement"] = .double(Double(agreement) / Double(batch))
            }
            bench.emit(case: "batch=\(batch)", unit: "ms/batch", stats: Stats(seconds[i].map { $0 * 1e3 }), extra)
        }
    }
}
