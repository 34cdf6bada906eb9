import Datasets
import Foundation
import QML

/// Jiang, Huang, Chen & Goan, "Quantum Variational Activation Functions Empower
/// Kolmogorov-Arnold Networks" (arXiv 2509.14026; papers.md §A6). Model `qkan-cnn`: the
/// reference repository's MNIST example, a tiny CNN to 10 features and QKAN([10, 10]); the
/// reproduction adds its 1-D regression quick start against an MLP of the same size.
public enum QKANPaper {
    /// What follows the CNN's 10 features.
    public enum Head: String, Codable, Sendable, CaseIterable {
        /// QKAN([10, 10]).
        case qkan
        /// A 10→10 linear layer (the classical comparison).
        case linear
    }

    /// conv 1→3 5×5 ReLU max pool 2, conv 3→6 5×5 ReLU max pool 2, conv 6→10 3×3 ReLU max pool
    /// 2, flatten: [N, 1, 28, 28] → [N, 10].
    static func tinyCNN(_ rng: inout RandomGenerator) -> [any Layer<Float>] {
        [
            Conv2D<Float>(1, 3, kernelSize: 5, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Conv2D<Float>(3, 6, kernelSize: 5, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Conv2D<Float>(6, 10, kernelSize: 3, rng: &rng), Activation<Float>(.relu), MaxPool2D<Float>(kernelSize: 2),
            Flatten<Float>(),
        ]
    }

    /// QKAN's trained parts here: θ, the pre-activation weights (the paper's frequency claim)
    /// and the SiLU base branch.
    static let trainable = QKANLayer<Float>.Trainable(preactivation: true, postactivation: false, base: true)

    /// The own settings of both QKAN models: what follows (or replaces) the QKAN, and its
    /// DARUAN activation.
    public struct Settings<Head: RawRepresentable & CaseIterable & Codable & Equatable & Sendable>: Codable, Equatable, Sendable
    where Head.RawValue == String {
        public var head: Head
        public var repetitions: Int
        public var ansatz: DARUAN.Ansatz

        /// `--head`, `--reps`, `--ansatz`.
        mutating func apply(_ o: ConfigOverrides) throws {
            head = try o.choice("head", head)
            repetitions = try o.int("reps", repetitions, in: 1...50)
            ansatz = try o.choice("ansatz", ansatz)
        }

        /// The activation on every edge.
        var activation: DARUAN { DARUAN(ansatz: ansatz, repetitions: repetitions) }

        /// "pz, 3 reps".
        var activationText: String { "\(ansatz.rawValue), \(repetitions) reps" }
    }

    /// The DARUAN settings both QKAN models take.
    static let activationOptions = [
        ConfigOption("reps", "N", "DARUAN repetitions"),
        ConfigOption("ansatz", "NAME", DARUAN.Ansatz.allCases.map(\.rawValue).joined(separator: "|")),
    ]

    /// `quanta train --model qkan-cnn`.
    public struct Config: PaperConfiguration, Equatable {
        public typealias Own = QKANPaper.Settings<Head>

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// The repository example: full MNIST, Adam lr 1e-3, batch 1000, 20 epochs, 3 repetitions, pz.
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.imageSet(dataset, model: "qkan-cnn")
            let s = ClassifierSettings(model: "qkan-cnn", dataset: name, classes: Array(0..<10), trainSize: nil, testSize: nil,
                                       epochs: 20, batchSize: 1000, learningRate: 1e-3, optimizer: .adam)
            return Config(settings: s, own: Own(head: .qkan, repetitions: 3, ansatz: .pz))
        }

        public static let options = [
            ConfigOption("head", "NAME", Head.allCases.map(\.rawValue).joined(separator: "|") + ": QKAN([10, 10]) or a linear layer"),
        ] + QKANPaper.activationOptions

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            try own.apply(o)
        }

        public var shapeText: String {
            own.head == .qkan ? "tiny CNN → QKAN([10, 10]), \(own.activationText)" : "tiny CNN → linear 10→10"
        }

        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            var rng = RandomGenerator(seed: seed)
            let classes = settings.classes.count
            let head: any Layer<Float> = own.head == .qkan
                ? QKANLayer<Float>(10, classes, activation: own.activation,
                                   trainable: QKANPaper.trainable, seed: seed &+ 1)
                : Linear<Float>(10, classes, rng: &rng)
            return Sequential(tinyCNN(&rng) + [head])
        }

        /// Pixels in [0, 1], [N, 1, 28, 28].
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            try ClassifierData.images(settings, dataDir: dataDir, seed: seed)
        }

        public var loss: Loss<Float> { .softmaxCrossEntropy() }
    }
}

extension PaperModel {
    static let qkanCNN = PaperModel(
        QKANPaper.Config.self, name: "qkan-cnn",
        summary: "QKAN paper's MNIST example: tiny CNN to 10 features, QKAN([10, 10]) of DARUAN edges",
        datasets: ["mnist", "fashion-mnist"], options: QKANPaper.Config.options,
        defaults: { try QKANPaper.Config.defaults(dataset: $0) })
}

extension Reproduction {
    static let qkan = Reproduction(
        name: "qkan",
        paper: PaperReference(title: "Quantum Variational Activation Functions Empower Kolmogorov-Arnold Networks",
                              arxiv: "2509.14026", citation: "Jiang, Huang, Chen & Goan 2025"),
        summary: "MNIST tiny CNN + QKAN([10, 10]) (and a linear head); J₀(20x) regression, QKAN([1, 1]) against an MLP of its size",
        quickForm: "the regression with 2 seeds instead of 5 (the MNIST rows take about a minute as they are)",
        datasets: ["mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        var runs: [RowRun] = []
        let reported: [QKANPaper.Head: Reported] = [
            .qkan: Reported("95.6 %", value: 95.6, source: "repository MNIST example, 20 epochs"),
            .linear: Reported("—", source: "not in the paper"),
        ]
        for head in QKANPaper.Head.allCases {
            var config = try QKANPaper.Config.defaults(dataset: "mnist")
            config.head = head
            let parameters = try config.makeModel(seed: 0).parameterCount
            runs.append(try context.classifierRow("tiny CNN + \(head.rawValue) head (\(parameters) params), \(config.settings.epochs) epochs",
                                                  config, reported: reported[head]!))
        }
        var result = ReproductionResult(rows: runs.map(\.row), plots: [ReproductionResult.curves(runs, title: "QKAN, MNIST")])
        result.append(try QKANRegression.run(context))
        return result
    }
}

/// The reference repository's quick start: fit J₀(20x) on [−1, 1] (1,000 training and 1,000
/// test points) by at most 100 full-batch L-BFGS iterations, with QKAN([1, 1]) (pz, 3
/// repetitions, trainable pre-activations and SiLU base: 15 parameters) or a 1→5→1 tanh MLP
/// (16 parameters). Model `qkan-regression`.
public enum QKANRegression {
    /// What is fitted.
    public enum Model: String, Codable, Sendable, CaseIterable {
        /// QKAN([1, 1]).
        case qkan
        /// The 1→5→1 tanh MLP of about the same size.
        case mlp
    }

    /// Points x ~ U[−1, 1] and targets J₀(20x), seeded.
    public static func data(count: Int, seed: UInt64) -> LabeledData {
        var rng = RandomGenerator(seed: seed)
        let x = (0..<count).map { _ in Float(2 * rng.nextUnit() - 1) }
        return LabeledData(features: Tensor(shape: [count, 1], scalars: x),
                           targets: Tensor(shape: [count, 1], scalars: x.map { Float(j0(20 * Double($0))) }))
    }

    /// `quanta train --model qkan-regression`.
    public struct Config: PaperConfiguration, Equatable {
        public typealias Own = QKANPaper.Settings<Model>

        public var settings: ClassifierSettings
        public var own: Own

        public init(settings: ClassifierSettings, own: Own) {
            self.settings = settings
            self.own = own
        }

        /// The quick start: 1,000 / 1,000 points, ≤ 100 L-BFGS iterations, pz with 3 repetitions.
        public static func defaults(dataset: String?) throws -> Config {
            let name = try ClassifierData.generated(dataset, problem: "j0", model: "qkan-regression")
            var s = ClassifierSettings(model: "qkan-regression", dataset: name, classes: [0], trainSize: 1000, testSize: 1000,
                                       epochs: 100, batchSize: 1000, learningRate: 0.05, optimizer: .lbfgs)
            s.evaluateEveryEpoch = false
            return Config(settings: s, own: Own(head: .qkan, repetitions: 3, ansatz: .pz))
        }

        public static let options = [
            ConfigOption("head", "NAME", Model.allCases.map(\.rawValue).joined(separator: "|") + ": QKAN([1, 1]) or a 1→5→1 tanh MLP"),
        ] + QKANPaper.activationOptions

        public mutating func apply(_ o: ConfigOverrides) throws {
            try settings.apply(o)
            try own.apply(o)
        }

        public var shapeText: String {
            own.head == .qkan ? "QKAN([1, 1]), \(own.activationText)" : "MLP 1→5→1 tanh"
        }

        public func makeModel(seed: UInt64) throws -> Sequential<Float> {
            guard own.head == .qkan else {
                var rng = RandomGenerator(seed: seed)
                return Sequential([Linear<Float>(1, 5, rng: &rng), Activation<Float>(.tanh), Linear<Float>(5, 1, rng: &rng)])
            }
            return Sequential([QKANLayer<Float>(1, 1, activation: own.activation, trainable: QKANPaper.trainable, seed: seed)])
        }

        /// `trainSize` and `testSize` points (seeds s and s + 99), x as [N, 1], J₀(20x) as targets.
        public func prepare(dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
            _ = try ClassifierData.generated(settings.dataset, problem: "j0", model: "qkan-regression")
            return (data(count: settings.trainSize ?? 1000, seed: seed), data(count: settings.testSize ?? 1000, seed: seed &+ 99))
        }

        public var loss: Loss<Float> { .meanSquaredError() }
    }

    static func run(_ context: ReproductionContext) throws -> ReproductionResult {
        let reported = Reported("QKAN below an MLP of its size", source: "paper's regression claim (no number verified)")
        var runs: [RowRun] = []
        for head in Model.allCases {
            var config = try Config.defaults(dataset: nil)
            config.head = head
            let name = head == .qkan ? "QKAN([1, 1]), 15 params" : "MLP 1→5→1 tanh, 16 params"
            runs.append(try context.overSeeds("J₀(20x) \(name)", metric: "test MSE", unit: "", higherIsBetter: false,
                                              reported: reported, seeds: context.quick ? 2 : 5) { seed in
                let (train, test) = try config.prepare(dataDir: nil, seed: seed)
                let run = try config.train(seed: seed &+ 1701, train: train, test: test).run
                let mse = run.testMeanSquaredError ?? .nan
                context.log(String(format: "J₀(20x) %@, seed %d: test MSE %.5f", name, seed, mse))
                return SeedRun(value: mse, seconds: run.trainSeconds, curve: run.losses)
            })
        }
        return ReproductionResult(rows: runs.map(\.row), plots: [ReproductionResult.curves(runs, title: "J₀(20x) fit",
                                                                                          xLabel: "L-BFGS iteration", yLabel: "training MSE")])
    }
}

extension PaperModel {
    static let qkanRegression = PaperModel(
        QKANRegression.Config.self, name: "qkan-regression",
        summary: "QKAN paper's quick start: QKAN([1, 1]) (or an MLP of its size) fitting J₀(20x), L-BFGS",
        datasets: ["j0"], options: QKANRegression.Config.options,
        defaults: { try QKANRegression.Config.defaults(dataset: $0) })
}
