import Foundation

/// Yvinec, Dapogny, Bailly, "NUPES: Non-Uniform Post-Training Quantization via Power Exponent
/// Search" (arXiv 2308.05600; papers.md §C10): the cached ResNet-20 on Fashion-MNIST (CIFAR-10
/// cannot be obtained here) with 4- and 3-bit weights on the power grid sign(x)|x|^a, the exponent
/// searched per layer against its output error and refined by gradient, beside the uniform grid;
/// 8-bit inputs throughout.
public enum NUPESPaper {
    public struct Config: Codable, Equatable, Sendable {
        public var baseline = HAWQPaper.Config()
        public var bits = [4, 3]
        public var activationBits = 8
        public var refinementSteps = 100
        public var calibrationBatches = 16

        public init() {}

        /// The quick form: the digits baseline, 20 refinement steps.
        public static var quick: Config {
            var c = Config()
            c.baseline = .quick
            c.refinementSteps = 20
            c.calibrationBatches = 4
            return c
        }
    }

    enum Claims {
        static let float = Reported("— (float baseline)", source: "")
        static let uniform = Reported("below the power grid", source: "§4: uniform PTQ baseline")
        static let search = Reported("above uniform (data-free search)", source: "abstract, PowerQuant search")
        static let refined = Reported("above the search alone", source: "abstract: gradient-learned exponent")
    }
}

extension Reproduction {
    static let nupes = Reproduction(
        name: "nupes",
        paper: PaperReference(title: "NUPES: Non-Uniform Post-Training Quantization via Power Exponent Search",
                              arxiv: "2308.05600", citation: "Yvinec, Dapogny, Bailly 2023"),
        summary: "ResNet-20 on Fashion-MNIST, 4- and 3-bit weights on the power grid (exponent searched, then "
            + "refined by gradient) beside the uniform grid",
        quickForm: "ResNet-20 on the 8×8 digits, 20 refinement steps",
        datasets: ["fashion-mnist", "digits"], seeds: (full: 1, quick: 1)
    ) { context in
        try NUPESPaper.run(context.quick ? .quick : NUPESPaper.Config(), context)
    }
}

extension NUPESPaper {
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        let baseline = try TrainedBaseline.model(config.baseline.baseline, context: context)
        let (model, test) = (baseline.model, baseline.data.test)
        let calibration = Calibration.batches(baseline.data.train.features, count: config.calibrationBatches, seed: 0)
        let label = "resnet20 \(config.baseline.dataset)"
        var rows = [ResultRow(label: "\(label) float", metric: "test accuracy", values: [100 * evaluate(model, test).metrics.accuracy],
                              unit: "%", higherIsBetter: true, reported: Claims.float, seconds: 0)]
        func add(_ what: String, _ quantized: any Layer<Float>, _ reported: Reported, _ start: Date) {
            let accuracy = 100 * evaluate(quantized, test).metrics.accuracy
            context.log(String(format: "nupes: %@ %.2f%%", what, accuracy))
            rows.append(ResultRow(label: "\(label) \(what)", metric: "test accuracy", values: [accuracy], unit: "%",
                                  higherIsBetter: true, reported: reported, seconds: Date().timeIntervalSince(start)))
        }
        for bits in config.bits {
            let name = "W\(bits)A\(config.activationBits)"
            var start = Date()
            let plan = BitAllocation.uniform(model, bits: LayerBits(weight: bits, activation: config.activationBits))
            add("\(name) uniform grid", try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: calibration).model,
                Claims.uniform, start)
            for steps in [0, config.refinementSteps] {
                start = Date()
                var nupes = PowerQuantization()
                nupes.bits = bits
                nupes.refinementSteps = steps
                let (quantized, exponents) = try nupes.quantize(model, calibration: calibration, activationBits: config.activationBits)
                let mean = exponents.values.reduce(0, +) / Float(Swift.max(exponents.count, 1))
                add(String(format: "%@ power grid, %@ (mean exponent %.2f)", name, steps == 0 ? "searched" : "searched + refined", mean),
                    quantized, steps == 0 ? Claims.search : Claims.refined, start)
            }
        }
        var result = ReproductionResult()
        result.rows = rows
        result.notes = [
            "CIFAR-10 cannot be obtained here: ResNet-20 on \(config.baseline.dataset) stands in. Weights signed symmetric per "
                + "output channel on the companded values; exponents 0.30…1.00 by 0.05 against each layer's output error on "
                + "\(32 * Swift.min(config.calibrationBatches, 8)) calibration images, then \(config.refinementSteps) Adam steps "
                + "(straight-through rounding). NUPES' learning of the integer weights themselves is not built yet.",
        ]
        return result
    }
}
