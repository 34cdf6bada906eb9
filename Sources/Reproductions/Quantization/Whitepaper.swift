import Foundation

/// Krishnamoorthi, "Quantizing deep convolutional networks for efficient inference: A
/// whitepaper" (arXiv 1806.08342; papers.md §C1), at MNIST / Fashion-MNIST scale: a LeNet-5
/// trained as `quanta train` trains it, then post-training quantization (W8A8, per-channel and
/// per-tensor weights), quantization-aware training to 4-bit weights and, beside them,
/// weight-only round-to-nearest at 4 bits; accuracy, size and int8 speed against fp32.
public enum Whitepaper {
    /// The settings: the README's quantization table.
    public struct Config: Codable, Equatable, Sendable {
        /// LeNet-5 training epochs (quanta train's defaults otherwise: Adam 3e-3, batch 32, cosine).
        public var epochs = 3
        /// Calibration batches of 32 training images (min–max observer, uint8 activations).
        public var calibrationBatches = 32
        /// QAT: epochs of fine-tuning, Adam rate, weight bits (LSQ).
        public var qatEpochs = 2.0
        public var qatLearningRate = 1e-4
        public var qatBits = 4
        /// Weight-only RTN: bits and group size.
        public var rtnBits = 4
        public var groupSize = 32
        /// Test images evaluated (nil: all).
        public var testSize: Int?
        public var datasets = ["mnist", "fashion-mnist"]
        /// The catalog model trained and quantized.
        public var model = "lenet5"

        public init() {}

        /// The quick form: one epoch of training, a quarter epoch of QAT, 2,000 test images.
        public static var quick: Config {
            var c = Config()
            c.epochs = 1
            c.qatEpochs = 0.25
            c.testSize = 2000
            return c
        }
    }

    /// What one trained network measures, in % (accuracies), × (ratios) and ms.
    struct Measurement {
        var float = 0.0
        var perChannel = 0.0
        var perTensor = 0.0
        var qat = 0.0
        var rtn = 0.0
        var sizeRatio = 0.0
        var speedUp = 0.0
        var curve: [Double] = []
    }

    /// Trains LeNet-5 on `dataset` with `seed` and quantizes it every way.
    static func measure(_ dataset: String, seed: UInt64, config: Config, context: ReproductionContext) throws -> Measurement {
        var train = TrainConfig(model: config.model, dataset: dataset, seed: seed)
        train.epochs = config.epochs
        let trained = try train.train(dataDir: context.dataDir) { record in
            context.log(String(format: "  %@ %@ seed %d epoch %d: loss %.4f", config.model, dataset, seed, record.epoch,
                               record.trainLoss))
        }
        let model = trained.model
        var test = trained.data.test
        if let n = config.testSize, n < test.count {
            test = LabeledData(features: test.features.gatherRows(Array(0..<n)), labels: Array(test.labels.prefix(n)))
        }
        let calibration = Calibration.batches(trained.data.train.features, count: config.calibrationBatches, seed: seed)
        var m = Measurement()
        m.curve = trained.records.map(\.trainLoss)
        m.float = 100 * evaluate(model, test).metrics.accuracy
        let perChannel = try ptq(model, .perChannel(axis: 0), calibration)
        m.perChannel = 100 * perChannel.accuracy(features: test.features, labels: test.labels, batchSize: 256)
        m.perTensor = 100 * (try ptq(model, .perTensor, calibration)).accuracy(features: test.features, labels: test.labels, batchSize: 256)
        let rtnScheme = try QuantizationScheme(bits: config.rtnBits, signed: true, symmetric: true,
                                               granularity: .perGroup(size: config.groupSize))
        m.rtn = 100 * evaluate(try WeightOnlyQuantization.roundToNearest(model, scheme: rtnScheme), test).metrics.accuracy
        let floatBytes = 4 * (model.parameterCount + model.namedBuffers.reduce(0) { $0 + $1.tensor.count })
        m.sizeRatio = Double(floatBytes) / Double(perChannel.byteCount)
        let batch = test.features.gatherRows(Array(0..<Swift.min(256, test.count)))
        let (int8, fp32) = Latency.paired({ _ = perChannel.predict(batch) }, against: { _ = model(batch) })
        m.speedUp = fp32 / int8
        // QAT last: it fine-tunes the float model's own layers.
        m.qat = 100 * (try qat(model, trained.data.train, test, config: config, seed: seed, context: context))
        context.log(String(format: "%@ %@ seed %d: float %.2f%%, PTQ %.2f / %.2f%%, QAT W%d %.2f%%, RTN W%d %.2f%%, int8 %.2f× faster",
                           config.model, dataset, seed, m.float, m.perChannel, m.perTensor, config.qatBits, m.qat, config.rtnBits, m.rtn, m.speedUp))
        return m
    }

    /// W8A8 static quantization with `granularity` weights, min–max calibrated.
    static func ptq(_ model: Sequential<Float>, _ granularity: QuantizationScheme.Granularity,
                    _ calibration: [Tensor<Float>]) throws -> QuantizedModel {
        let ptq = PostTrainingQuantization(weightScheme: try .weights(bits: 8, granularity: granularity),
                                           activationScheme: try .activations(bits: 8, signed: false), observer: .minmax)
        return try ptq.quantize(model, calibration: calibration)
    }

    /// QAT to `qatBits` per-channel weights (LSQ), then the integer model's test accuracy.
    static func qat(_ model: Sequential<Float>, _ train: LabeledData, _ test: LabeledData, config: Config,
                    seed: UInt64, context: ReproductionContext) throws -> Double {
        let qat = try QuantizationAwareTraining(model, weightScheme: try .weights(bits: config.qatBits, granularity: .perChannel(axis: 0)),
                                                activationScheme: try .activations(bits: 8, signed: false), quantizer: .lsq)
        let quantized = try qat.fineTune(features: train.features, labels: train.labels, epochs: config.qatEpochs,
                                         learningRate: config.qatLearningRate, batchSize: 64, seed: seed) { epoch, loss, _ in
            context.log(String(format: "  QAT W%d epoch %d: loss %.4f", config.qatBits, epoch + 1, loss))
        }
        return quantized.accuracy(features: test.features, labels: test.labels, batchSize: 256)
    }

    /// The paper's claims beside each row (its headline numbers are for ImageNet CNNs).
    enum Claims {
        static let float = Reported("— (float baseline)", source: "")
        static let perChannel = Reported("within 2 % of float", source: "abstract; §3.1 per-channel W8A8 PTQ")
        static let perTensor = Reported("below per-channel on small nets", source: "§3.1, per-layer W8A8 PTQ")
        static let qat = Reported("4-bit weights cost 2–10 %; QAT recovers most", source: "abstract, §3.2 QAT")
        static let rtn = Reported("— (not in the paper)", source: "weight-only RTN baseline")
        static let size = Reported("4× from 8-bit weights", value: 4, source: "abstract")
        static let speed = Reported("2–3× on CPU", source: "abstract, §4")
    }
}

extension Reproduction {
    static let whitepaper = Reproduction(
        name: "whitepaper",
        paper: PaperReference(title: "Quantizing deep convolutional networks for efficient inference: A whitepaper",
                              arxiv: "1806.08342", citation: "Krishnamoorthi 2018"),
        summary: "LeNet-5 on MNIST and Fashion-MNIST: W8A8 PTQ per-channel and per-tensor, QAT W4A8 (LSQ), RTN W4, "
            + "size and int8 speed vs fp32 (CNN scale of the paper's ImageNet nets)",
        quickForm: "1 training epoch, a quarter epoch of QAT, 2,000 test images",
        datasets: ["mnist", "fashion-mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        try Whitepaper.run(context.quick ? .quick : Whitepaper.Config(), context)
    }
}

extension Whitepaper {
    /// Every data set of `config`, each over the context's seeds: seven rows per data set and
    /// the training curves.
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        var result = ReproductionResult()
        var curves: [RowRun] = []
        for dataset in config.datasets {
            let start = Date()
            let measured = try (0..<UInt64(context.seeds)).map { seed in
                try measure(dataset, seed: seed, config: config, context: context)
            }
            let seconds = Date().timeIntervalSince(start)
            result.rows += rows(measured, label: "\(config.model) \(dataset)", config: config, seconds: seconds)
            let curve = ResultRow(label: "\(config.model) \(dataset)", metric: "training loss", values: [], unit: "",
                                  higherIsBetter: false, reported: Claims.float, seconds: seconds)
            curves.append(RowRun(row: curve, curve: ReproductionContext.meanCurve(measured.map(\.curve))))
        }
        result.plots = [ReproductionResult.curves(curves, title: "\(config.model) training before quantization")]
        result.notes = ["CIFAR-10 and ImageNet cannot be obtained here: \(config.model) on \(config.datasets.joined(separator: ", ")) "
            + "stands in for the paper's ImageNet CNNs, so its percentages are claims about large nets, not numbers to match."]
        return result
    }

    /// The seven rows of one data set.
    static func rows(_ measured: [Measurement], label: String, config: Config, seconds: Double) -> [ResultRow] {
        func row(_ what: String, metric: String = "test accuracy", unit: String = "%", _ reported: Reported,
                 _ value: (Measurement) -> Double) -> ResultRow {
            ResultRow(label: "\(label) \(what)", metric: metric, values: measured.map(value), unit: unit,
                      higherIsBetter: true, reported: reported, seconds: seconds)
        }
        return [
            row("float", Claims.float) { $0.float },
            row("PTQ W8A8 per-channel", Claims.perChannel) { $0.perChannel },
            row("PTQ W8A8 per-tensor", Claims.perTensor) { $0.perTensor },
            row("QAT W\(config.qatBits)A8 LSQ", Claims.qat) { $0.qat },
            row("RTN W\(config.rtnBits) g\(config.groupSize)", Claims.rtn) { $0.rtn },
            row("W8A8 size", metric: "fp32 bytes ÷ int8 bytes", unit: "×", Claims.size) { $0.sizeRatio },
            row("int8 speed-up, batch 256", metric: "fp32 time ÷ int8 time", unit: "×", Claims.speed) { $0.speedUp },
        ]
    }
}
