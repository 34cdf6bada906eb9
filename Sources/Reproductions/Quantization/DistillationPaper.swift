import Foundation

/// Polino, Pascanu, Alistarh, "Model compression via distillation and quantization" (arXiv
/// 1802.05668, ICLR 2018; papers.md §C9): the cached ResNet-20 on Fashion-MNIST (CIFAR-10 cannot
/// be obtained here) teaches a LeNet-5 student; at 4 and 2 bits (min–max buckets of 256) the
/// student trained with quantized weights on labels alone against quantized distillation, the
/// distilled float student rounded after training, and differentiable quantization (learned
/// quantization points) on it.
public enum DistillationPaper {
    public struct Config: Codable, Equatable, Sendable {
        /// The teacher: the cached ResNet-20 of `hawq`.
        public var teacher = HAWQPaper.Config()
        public var student = "lenet5"
        public var bits = [4, 2]
        public var epochs = 15
        /// Epochs of point learning (differentiable quantization).
        public var pointEpochs = 1
        public var temperature: Float = 5
        public var softWeight: Float = 0.7
        public var learningRate = 1e-3

        public init() {}

        /// The quick form: the digits teacher, a `cnn` student, 4 bits, 15 epochs (1,437 images).
        public static var quick: Config {
            var c = Config()
            c.teacher = .quick
            c.student = "cnn"
            c.bits = [4]
            c.epochs = 15
            return c
        }
    }

    enum Claims {
        static let teacher = Reported("— (teacher)", source: "")
        static let alone = Reported("— (student alone)", source: "")
        static let distilled = Reported("the student gains from the teacher", source: "§3, distillation")
        static let quantizedAlone = Reported("below quantized distillation", source: "§5: quantized students")
        static let quantizedDistilled = Reported("near the float student at 4 bits", source: "abstract, §5")
        static let rounded = Reported("below quantized distillation", source: "§5: PTQ of the distilled student")
        static let points = Reported("above uniform rounding", source: "§4: differentiable quantization")
    }
}

extension Reproduction {
    static let distillation = Reproduction(
        name: "distillation",
        paper: PaperReference(title: "Model compression via distillation and quantization", arxiv: "1802.05668",
                              citation: "Polino, Pascanu, Alistarh, ICLR 2018"),
        summary: "ResNet-20 teaches LeNet-5 on Fashion-MNIST: 4- and 2-bit students with and without distillation, "
            + "rounding after training, learned quantization points",
        quickForm: "digits: ResNet-20 teacher, cnn student, 4 bits, 15 epochs",
        datasets: ["fashion-mnist", "digits"], seeds: (full: 1, quick: 1)
    ) { context in
        try DistillationPaper.run(context.quick ? .quick : DistillationPaper.Config(), context)
    }
}

extension DistillationPaper {
    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        let teacher = try TrainedBaseline.model(config.teacher.baseline, context: context)
        let (train, test) = (teacher.data.train, teacher.data.test)
        var trainStudent = config.teacher.baseline
        trainStudent.model = config.student
        let spec = trainStudent.spec(for: teacher.data)
        let logits = Tensor.concatenated(stride(from: 0, to: train.count, by: 512).map { start in
            teacher.model(train.features.gatherRows(Array(start..<Swift.min(start + 512, train.count))))
        }, axis: 0)
        var rows: [ResultRow] = []
        func add(_ label: String, _ model: any Layer<Float>, _ reported: Reported, _ start: Date) {
            let accuracy = 100 * evaluate(model, test).metrics.accuracy
            context.log(String(format: "distillation: %@ %.2f%%", label, accuracy))
            rows.append(ResultRow(label: "\(config.student) \(config.teacher.dataset) \(label)", metric: "test accuracy",
                                  values: [accuracy], unit: "%", higherIsBetter: true, reported: reported,
                                  seconds: Date().timeIntervalSince(start)))
        }
        add("teacher (resnet20)", teacher.model, Claims.teacher, Date())
        func method(bits: Int, soft: Bool) -> QuantizedDistillation {
            var d = QuantizedDistillation()
            d.bits = bits
            d.epochs = config.epochs
            d.temperature = config.temperature
            d.softWeight = soft ? config.softWeight : 0
            d.learningRate = config.learningRate
            return d
        }
        let log = { (what: String) in { (epoch: Int, loss: Double) in
            context.log(String(format: "  %@ epoch %d: loss %.4f", what, epoch, loss))
        } }
        var start = Date()
        let alone = try ModelCatalog.build(spec)
        try method(bits: 8, soft: false).trainFloat(alone, data: train, teacherLogits: nil, onEpoch: log("float alone"))
        add("float, labels only", alone, Claims.alone, start)
        start = Date()
        let distilled = try ModelCatalog.build(spec)
        try method(bits: 8, soft: true).trainFloat(distilled, data: train, teacherLogits: logits, onEpoch: log("float distilled"))
        add("float, distilled", distilled, Claims.distilled, start)
        for bits in config.bits {
            for soft in [false, true] {
                start = Date()
                let student = try ModelCatalog.build(spec)
                let d = method(bits: bits, soft: soft)
                try d.train(student, data: train, teacherLogits: logits, onEpoch: log("\(bits)-bit \(soft ? "distilled" : "alone")"))
                add("\(bits)-bit, quantized training, \(soft ? "distilled" : "labels only")", try d.quantized(student),
                    soft ? Claims.quantizedDistilled : Claims.quantizedAlone, start)
            }
            start = Date()
            add("\(bits)-bit, distilled float student rounded", try method(bits: bits, soft: true).quantized(distilled),
                Claims.rounded, start)
            start = Date()
            var d = method(bits: bits, soft: true)
            d.epochs = config.pointEpochs
            let pointed = try d.learnPoints(distilled, data: train, teacherLogits: logits, onEpoch: log("\(bits)-bit points"))
            add("\(bits)-bit, learned points on the distilled student", pointed, Claims.points, start)
        }
        var result = ReproductionResult()
        result.rows = rows
        result.notes = [
            "CIFAR-10 cannot be obtained here: ResNet-20 on \(config.teacher.dataset) teaches \(config.student). Buckets: min–max "
                + "affine over 256 consecutive weights of a row; T = \(config.temperature), α = \(config.softWeight); "
                + "\(config.epochs) epochs of Adam (cosine) per student. Activations stay float, as in the paper.",
        ]
        return result
    }
}
