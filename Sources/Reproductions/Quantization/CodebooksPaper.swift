import Foundation

/// Yvinec, Dapogny, Bailly, "Network Memory Footprint Compression Through Jointly Learnable
/// Codebooks and Mappings" (JLCM, arXiv 2309.17361; papers.md §C12): the cached ResNet-20 on
/// Fashion-MNIST (CIFAR-10 cannot be obtained here) at 3 bits per weight — uniform per-channel
/// grid, k-means codebooks per group of 8 neurons, and jointly learned codebooks and mappings —
/// with their sizes; 8-bit inputs throughout.
public enum CodebooksPaper {
    public struct Config: Codable, Equatable, Sendable {
        public var baseline = HAWQPaper.Config()
        public var bits = 3
        public var groupSize = 8
        public var iterations = 300
        public var calibrationBatches = 16

        public init() {}

        /// The quick form: the digits baseline, 50 learning steps.
        public static var quick: Config {
            var c = Config()
            c.baseline = .quick
            c.iterations = 50
            c.calibrationBatches = 4
            return c
        }
    }

    enum Claims {
        static let float = Reported("— (float baseline)", source: "")
        static let uniform = Reported("below codebooks at equal size", source: "issue #22 acceptance")
        static let kMeans = Reported("the starting point", source: "§3: codebook initialisation")
        static let learned = Reported("above k-means (joint learning, neighbour moves)", source: "abstract, §3.2")
        static let size = Reported("≈ the uniform grid's", source: "equal size: group codebooks vs per-channel scales")
    }
}

extension Reproduction {
    static let codebooks = Reproduction(
        name: "codebooks",
        paper: PaperReference(title: "Network Memory Footprint Compression Through Jointly Learnable Codebooks and Mappings",
                              arxiv: "2309.17361", citation: "Yvinec, Dapogny, Bailly, ICLR 2024"),
        summary: "ResNet-20 on Fashion-MNIST at 3 bits per weight: uniform grid, k-means codebooks per neuron group, "
            + "jointly learned codebooks and mappings, sizes",
        quickForm: "ResNet-20 on the 8×8 digits, 50 learning steps",
        datasets: ["fashion-mnist", "digits"], seeds: (full: 1, quick: 1)
    ) { context in
        try CodebooksPaper.run(context.quick ? .quick : CodebooksPaper.Config(), context)
    }
}

extension CodebooksPaper {
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        let baseline = try TrainedBaseline.model(config.baseline.baseline, context: context)
        let (model, test) = (baseline.model, baseline.data.test)
        let calibration = Calibration.batches(baseline.data.train.features, count: config.calibrationBatches, seed: 0)
        let label = "resnet20 \(config.baseline.dataset) W\(config.bits)A8"
        var rows = [ResultRow(label: "resnet20 \(config.baseline.dataset) float", metric: "test accuracy",
                              values: [100 * evaluate(model, test).metrics.accuracy], unit: "%", higherIsBetter: true,
                              reported: Claims.float, seconds: 0)]
        func add(_ what: String, metric: String = "test accuracy", unit: String = "%", _ value: Double, _ reported: Reported,
                 _ start: Date) {
            context.log(String(format: "codebooks: %@ %@ %.2f %@", label, what, value, unit))
            rows.append(ResultRow(label: "\(label) \(what)", metric: metric, values: [value], unit: unit,
                                  higherIsBetter: metric == "test accuracy", reported: reported,
                                  seconds: Date().timeIntervalSince(start)))
        }
        var start = Date()
        let plan = BitAllocation.uniform(model, bits: LayerBits(weight: config.bits, activation: 8))
        let uniform = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: calibration)
        add("uniform grid, per-channel scales", 100 * uniform.accuracy(test), Claims.uniform, start)
        var quantizer = CodebookQuantization()
        quantizer.bits = config.bits
        quantizer.groupSize = config.groupSize
        var codeBytes = 0
        for iterations in [0, config.iterations] {
            start = Date()
            quantizer.iterations = iterations
            let (quantized, codes) = try quantizer.quantize(model, calibration: calibration, activationBits: 8) { context.log($0) }
            codeBytes = codes.values.reduce(0) { $0 + $1.byteCount(bits: config.bits) }
            add(iterations == 0 ? "k-means codebooks, groups of \(config.groupSize)" : "learned codebooks and mappings",
                100 * evaluate(quantized, test).metrics.accuracy, iterations == 0 ? Claims.kMeans : Claims.learned, start)
        }
        add("codebook ÷ uniform weight bytes", metric: "size ratio", unit: "×",
            Double(codeBytes) / Double(Swift.max(uniform.weightBytes, 1)), Claims.size, Date())
        var result = ReproductionResult()
        result.rows = rows
        result.notes = [
            "CIFAR-10 cannot be obtained here: ResNet-20 on \(config.baseline.dataset) stands in. Codebook bytes: b bits per "
                + "weight, 4 per entry (2^b per group of \(config.groupSize) neurons), 2 per neuron of the order; uniform: "
                + "packed codes and one 4-byte scale per output channel. \(config.iterations) joint steps per layer on "
                + "\(32 * Swift.min(config.calibrationBatches, 8)) calibration images.",
        ]
        return result
    }
}
