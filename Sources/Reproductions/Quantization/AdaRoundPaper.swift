import Foundation

/// Yvinec, Dapogny, Bailly, "Gradient-Based Post-Training Quantization: Challenging the Status
/// Quo" (arXiv 2308.07662; papers.md §C11), which studies AdaRound/BRECQ-style learned rounding
/// and its variants: ResNet-20 on Fashion-MNIST (CIFAR-10 cannot be obtained here) at W4A8 —
/// round-to-nearest against AdaRound (layer reconstruction, Adam), its SGD variant and BRECQ
/// (block reconstruction), with per-tensor weight scales (AdaRound's setting) and per-channel.
public enum AdaRoundPaper {
    public struct Config: Codable, Equatable, Sendable {
        /// The float baseline: the same cached ResNet-20 as `hawq`.
        public var baseline = HAWQPaper.Config()
        public var weightBits = 4
        public var activationBits = 8
        /// Reconstruction steps per layer or block; calibration batches of 32 images (1,024).
        public var iterations = 1000
        public var calibrationBatches = 32

        public init() {}

        /// The quick form: the digits baseline, 200 steps, 8 calibration batches.
        public static var quick: Config {
            var c = Config()
            c.baseline = .quick
            c.iterations = 200
            c.calibrationBatches = 8
            return c
        }
    }

    /// One rounding of the model: its label, the rounding and the scale granularity.
    struct Variant {
        let label: String
        let rounding: LearnedRounding?
        let perChannel: Bool
        let reported: Reported
    }

    static func variants(_ config: Config) -> [Variant] {
        func learned(_ scope: LearnedRounding.Scope, _ optimizer: LearnedRounding.Optimizer, perChannel: Bool) -> LearnedRounding {
            var r = LearnedRounding()
            r.scope = scope
            r.optimizer = optimizer
            r.iterations = config.iterations
            r.perChannel = perChannel
            if optimizer == .sgd { r.learningRate = 0.1 }
            return r
        }
        return [
            Variant(label: "nearest, per-tensor", rounding: nil, perChannel: false, reported: Claims.nearest),
            Variant(label: "AdaRound (layer, Adam), per-tensor", rounding: learned(.layer, .adam, perChannel: false),
                    perChannel: false, reported: Claims.adaround),
            Variant(label: "AdaRound (layer, SGD), per-tensor", rounding: learned(.layer, .sgd, perChannel: false),
                    perChannel: false, reported: Claims.optimizer),
            Variant(label: "BRECQ (block, Adam), per-tensor", rounding: learned(.block, .adam, perChannel: false),
                    perChannel: false, reported: Claims.block),
            Variant(label: "nearest, per-channel", rounding: nil, perChannel: true, reported: Claims.nearest),
            Variant(label: "AdaRound (layer, Adam), per-channel", rounding: learned(.layer, .adam, perChannel: true),
                    perChannel: true, reported: Claims.adaround),
        ]
    }

    enum Claims {
        static let float = Reported("— (float baseline)", source: "")
        static let nearest = Reported("the baseline every learned rounding beats", source: "§2, AdaRound's comparison")
        static let adaround = Reported("≥ 1 point over nearest at W4A8 (issue #22)", source: "§3: gradient-based PTQ")
        static let optimizer = Reported("robust to the optimiser", source: "abstract: best practices, optimiser")
        static let block = Reported("block loss ≥ layer loss", source: "§4: reconstruction granularity")
    }
}

extension Reproduction {
    static let adaround = Reproduction(
        name: "adaround",
        paper: PaperReference(title: "Gradient-Based Post-Training Quantization: Challenging the Status Quo", arxiv: "2308.07662",
                              citation: "Yvinec, Dapogny, Bailly 2023"),
        summary: "ResNet-20 on Fashion-MNIST at W4A8: nearest rounding against AdaRound (Adam, SGD) and BRECQ, "
            + "per-tensor and per-channel scales",
        quickForm: "ResNet-20 on the 8×8 digits, 200 steps per reconstruction, 256 calibration images",
        datasets: ["fashion-mnist", "digits"], seeds: (full: 1, quick: 1)
    ) { context in
        try AdaRoundPaper.run(context.quick ? .quick : AdaRoundPaper.Config(), context)
    }
}

extension AdaRoundPaper {
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        let baseline = try TrainedBaseline.model(config.baseline.baseline, context: context)
        let (model, train, test) = (baseline.model, baseline.data.train, baseline.data.test)
        let calibration = Calibration.batches(train.features, count: config.calibrationBatches, seed: 0)
        let bits = LayerBits(weight: config.weightBits, activation: config.activationBits)
        let plan = BitAllocation.uniform(model, bits: bits)
        let label = "resnet20 \(config.baseline.dataset) \(bits)"
        var rows = [ResultRow(label: "resnet20 \(config.baseline.dataset) float", metric: "test accuracy",
                              values: [100 * evaluate(model, test).metrics.accuracy], unit: "%", higherIsBetter: true,
                              reported: Claims.float, seconds: 0)]
        for variant in variants(config) {
            let start = Date()
            let quantized: MixedPrecisionModel
            if let rounding = variant.rounding {
                quantized = try rounding.quantize(model, allocation: plan, calibration: calibration) { context.log($0) }
            } else {
                quantized = try MixedPrecisionQuantization(perChannel: variant.perChannel)
                    .quantize(model, allocation: plan, calibration: calibration)
            }
            let accuracy = 100 * quantized.accuracy(test)
            let seconds = Date().timeIntervalSince(start)
            context.log(String(format: "adaround: %@ %@: %.2f%% (%.0f s)", label, variant.label, accuracy, seconds))
            rows.append(ResultRow(label: "\(label) \(variant.label)", metric: "test accuracy", values: [accuracy], unit: "%",
                                  higherIsBetter: true, reported: variant.reported, seconds: seconds))
        }
        var result = ReproductionResult()
        result.rows = rows
        result.notes = [
            "CIFAR-10 cannot be obtained here: ResNet-20 on \(config.baseline.dataset) stands in. Calibration: "
                + "\(32 * config.calibrationBatches) training images; \(config.iterations) steps per reconstruction, "
                + "regulariser λ = 0.01 after 20 % of the steps, β 20 → 2. Quantization is simulated (packed weights "
                + "dequantized, inputs fake-quantized at \(config.activationBits) bits).",
        ]
        return result
    }
}
