import Quanta
import Reproductions

/// HQNN-Parallel training (issue #16): one step (forward, softmax cross-entropy, backward, Adam
/// 1e-3) of the paper model — CNN backbone to 20 features, four 5-qubit circuits (RX angle
/// embedding, 3 basic-entangler layers, ⟨Z⟩ per qubit), 20→10 — on batches of 4 (the
/// re-implementation's recipe) and 64 uniform 28×28 images, timed as peers/hqnn_parallel.py
/// times PennyLane's TorchLayer: 5 warm-up steps, samples of ≥ 0.5 s, median ms/step; an MNIST
/// epoch of 60,000 images is 60,000 / batch such steps. The classical counterpart (a 20→20
/// tanh layer instead of the circuits) is timed too: it is the floor the CNN sets.
extension Workload {
    static let hqnn = Workload(
        name: "hqnn", reference: "A3",
        summary: "HQNN-Parallel train step (batch 4 and 64, Adam 1e-3), and its classical counterpart, ms/step"
    ) { bench in
        for head in HQNN.Head.allCases {
            for batch in [4, 64] { try hqnnStep(bench, batch: batch, head: head) }
        }
    }

    static func hqnnStep(_ bench: Bench, batch: Int, head: HQNN.Head) throws {
        var rng = RandomGenerator(seed: 0)
        let x = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
        let labels = (0..<batch).map { _ in Int(rng.next(upperBound: UInt64(10))) }
        var config = try HQNN.ParallelConfig.defaults(dataset: nil)
        config.head = head
        let model = try config.makeModel(seed: 0)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3), batchSize: batch)
        let firstLoss = trainer.trainStep(x, labels: labels).loss
        for _ in 0..<4 { _ = trainer.trainStep(x, labels: labels) }
        let (seconds, calls) = Timing.measure(Timing.loop { _ = trainer.trainStep(x, labels: labels) },
                                              minTime: bench.minTime(0.5), samples: bench.samples(5), warmup: 0)
        let ms = Stats(seconds.map { $0 * 1e3 })
        bench.emit(case: "batch=\(batch)", unit: "ms/step", stats: ms,
                   ["impl": .string(head == .quantum ? "quanta" : "quanta classical"), "calls_per_sample": .int(calls), "epoch_s": .double(ms.median * 60_000 / Double(batch) / 1e3),
                    "parameters": .int(model.parameterCount), "check_loss_step0": .double(firstLoss)])
    }
}
