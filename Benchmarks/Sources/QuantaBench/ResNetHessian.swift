import Quanta

/// One Hessian-vector product of ResNet-20 (Fashion-MNIST geometry, 28×28, 10 classes) over a
/// batch of 32, 64 or 128 random images, all 20 layer blocks at once (one Hutchinson sample),
/// seconds per product; issue #22's "trace of ResNet-20 in ≤ 2 minutes" is products × samples.
extension Workload {
    static let hessian = Workload(
        name: "hessian", reference: "#22",
        summary: "ResNet-20 Hessian-vector product (double backward), batch 32/64/128, s/product"
    ) { bench in
        let model: Sequential<Float> = Models.resnet20(imageSize: 28, classes: 10, seed: 0)
        for batch in [32, 64, 128] where bench.wants(case: "batch=\(batch)") {
            var rng = RandomGenerator(seed: 0)
            let images = Tensor<Float>.uniform([batch, 1, 28, 28], rng: &rng)
            let probe = HessianProbe(model: model, batches: [(images, (0..<batch).map { $0 % 10 })])
            let loop = Timing.loop { _ = try? probe.traces(samples: 1, seed: 1) }
            let seconds = Timing.interleaved([loop], calls: [1], samples: bench.samples(3))[0]
            bench.emit(case: "batch=\(batch)", unit: "s/product", stats: Stats(seconds),
                       ["impl": .string("quanta"), "threads": .int(Threading.threads)])
        }
    }
}
