import Foundation

/// Dai et al., "QFX: Trainable Fixed-Point Quantization for Deep Learning Acceleration on FPGAs"
/// (arXiv 2401.17544; papers.md §C8): the cached ResNet-20 on Fashion-MNIST (CIFAR-10 cannot be
/// obtained here) in 8-bit fixed point everywhere — layer inputs, weights, BatchNorm outputs,
/// residual sums — fine-tuned with the binary points fixed at Q4.4 against learned, then the
/// multiplier-free weights (sums of 2 or 1 signed powers of two).
public enum QFXPaper {
    public struct Config: Codable, Equatable, Sendable {
        public var baseline = HAWQPaper.Config()
        public var bits = 8
        public var fractionalBits = 4
        /// Fine-tuning per row (fraction of an epoch), Adam rate, batch.
        public var epochs = 0.25
        public var learningRate = 1e-4
        public var batchSize = 64

        public init() {}

        /// The quick form: the digits baseline, 2 epochs.
        public static var quick: Config {
            var c = Config()
            c.baseline = .quick
            c.epochs = 2
            return c
        }
    }

    enum Claims {
        static let float = Reported("— (float baseline)", source: "")
        static let fixed = Reported("below the learned point", source: "abstract: learned binary point vs fixed Q-format")
        static let learned = Reported("near float at 8 bits", source: "§5, CIFAR-10 ResNet-20")
        static let shifts = Reported("small loss with ≤ 2 powers of two", source: "§4: multiplier-free mode")
    }
}

extension Reproduction {
    static let qfx = Reproduction(
        name: "qfx",
        paper: PaperReference(title: "QFX: Trainable Fixed-Point Quantization for Deep Learning Acceleration on FPGAs",
                              arxiv: "2401.17544", citation: "Dai, Zhang, Zhang, Hu, Cai, Sun, Zhang 2024"),
        summary: "ResNet-20 on Fashion-MNIST in 8-bit fixed point everywhere: fixed Q4.4 vs learned binary points, "
            + "then multiplier-free weights (2 or 1 powers of two)",
        quickForm: "ResNet-20 on the 8×8 digits, 2 epochs per row",
        datasets: ["fashion-mnist", "digits"], seeds: (full: 1, quick: 1)
    ) { context in
        try QFXPaper.run(context.quick ? .quick : QFXPaper.Config(), context)
    }
}

extension QFXPaper {
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        var baseline = try TrainedBaseline.model(config.baseline.baseline, context: context)
        let test = baseline.data.test
        let label = "resnet20 \(config.baseline.dataset) fixed point W\(config.bits)"
        var rows = [ResultRow(label: "resnet20 \(config.baseline.dataset) float", metric: "test accuracy",
                              values: [100 * evaluate(baseline.model, test).metrics.accuracy], unit: "%",
                              higherIsBetter: true, reported: Claims.float, seconds: 0)]
        let variants: [(String, Bool, Int?, Reported)] = [
            ("Q\(config.bits - config.fractionalBits).\(config.fractionalBits) fixed binary points", false, nil, Claims.fixed),
            ("learned binary points", true, nil, Claims.learned),
            ("learned points, weights as 2 powers of two", true, 2, Claims.shifts),
            ("learned points, weights as 1 power of two", true, 1, Claims.shifts),
        ]
        for (what, learnable, terms, reported) in variants {
            let start = Date()
            baseline = try TrainedBaseline.model(config.baseline.baseline, context: context)
            var qfx = QFX()
            qfx.bits = config.bits
            qfx.fractionalBits = config.fractionalBits
            qfx.learnable = learnable
            qfx.terms = terms
            let (model, points) = qfx.wrap(baseline.model)
            try qfx.fineTune(model, data: baseline.data.train, epochs: config.epochs, learningRate: config.learningRate,
                             batchSize: config.batchSize) { step, total, loss in
                context.log(String(format: "  qfx: %@ step %d/%d, loss %.4f", what, step, total, loss))
            }
            let accuracy = 100 * evaluate(model, test).metrics.accuracy
            let mean = Double(points.map(\.fractionalBits).reduce(0, +)) / Double(Swift.max(points.count, 1))
            context.log(String(format: "qfx: %@ %@: %.2f%% (mean fractional bits %.2f)", label, what, accuracy, mean))
            rows.append(ResultRow(label: String(format: "%@ %@ (mean F %.1f)", label, what, mean), metric: "test accuracy",
                                  values: [accuracy], unit: "%", higherIsBetter: true, reported: reported,
                                  seconds: Date().timeIntervalSince(start)))
            if learnable && terms == nil {
                rows.append(try integerRow(qfx, baseline, wrapped: model, label: label, context: context))
            }
        }
        var result = ReproductionResult()
        result.rows = rows
        result.notes = [
            "CIFAR-10 cannot be obtained here: ResNet-20 on \(config.baseline.dataset) stands in. Every layer input, weight, "
                + "BatchNorm output and residual sum is a signed \(config.bits)-bit fixed-point value; each row fine-tunes "
                + "the float baseline for \(config.epochs) epoch(s) (Adam \(config.learningRate)), simulated in floating point. "
                + "The integer row runs the learned model on the integer kernels: BatchNorm folded, every scale a power of two "
                + "(weights re-rounded per channel after folding), so each requantisation is a shift.",
        ]
        return result
    }

    /// The learned model as a shift-only integer model (`QFX.integerModel`), calibrated for the
    /// points QFX leaves in float (the logits) on 8 batches of training images.
    static func integerRow(_ qfx: QFX, _ baseline: TrainedModel, wrapped: Sequential<Float>, label: String,
                           context: ReproductionContext) throws -> ResultRow {
        let start = Date()
        let calibration = Calibration.batches(baseline.data.train.features, count: 8, seed: 0)
        let integer = try qfx.integerModel(base: baseline.model, wrapped: wrapped, calibration: calibration)
        let test = baseline.data.test
        let accuracy = 100 * integer.accuracy(features: test.features, labels: test.labels)
        context.log(String(format: "qfx: %@ shift-only integer model: %.2f%% (shift-only: %@)", label, accuracy, "\(integer.isShiftOnly)"))
        return ResultRow(label: "\(label) learned points, shift-only integer model", metric: "test accuracy", values: [accuracy],
                         unit: "%", higherIsBetter: true, reported: Claims.learned, seconds: Date().timeIntervalSince(start))
    }
}
