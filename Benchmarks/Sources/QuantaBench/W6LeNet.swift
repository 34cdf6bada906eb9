import Quanta

/// W6: one LeNet-5 training step (zero_grad, forward, softmax cross-entropy, backward, Adam
/// 1e-3) on a batch of 128 uniform 28×28 images, timed like Benchmarks/peers/lenet5_torch.py:
/// 20 warm-up steps, samples of ≥ 0.5 s, 7 samples, median ms/step.
extension Workload {
    static let lenet = Workload(
        name: "lenet", reference: "W6",
        summary: "LeNet-5 train step (batch 128, Adam 1e-3), ms/step"
    ) { bench in
        let batch = 128
        var rng = RandomGenerator(seed: 0)
        let x = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
        let labels = (0..<batch).map { _ in Int(rng.next(upperBound: UInt64(10))) }
        let model: Sequential<Float> = Models.lenet5(seed: 0)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3), batchSize: batch)
        let firstLoss = trainer.trainStep(x, labels: labels).loss
        for _ in 0..<19 { _ = trainer.trainStep(x, labels: labels) }
        let (seconds, calls) = Timing.measure(Timing.loop { _ = trainer.trainStep(x, labels: labels) },
                                              minTime: bench.minTime(0.5), samples: bench.samples(7), warmup: 0)
        let ms = Stats(seconds.map { $0 * 1e3 })
        bench.emit(case: "batch=\(batch)", unit: "ms/step", stats: ms,
                   ["calls_per_sample": .int(calls), "images_per_s": .double(Double(batch) / ms.median * 1e3),
                    "check_loss_step0": .double(firstLoss)])
    }
}
