import Foundation
import Quanta
import Reproductions

extension TrainCommand {
    /// The catalog models' options, refused for a paper model: every option of the model, data,
    /// optimisation and file sections that no paper model takes (beyond the ones all runs take).
    static var classicalOnly: [String] {
        let everyRun = ["model", "dataset", "save", "resume", "metrics-out"]
        let taken = Set(Reproductions.models.flatMap(\.options).map(\.name) + everyRun)
        return (model.options + data.options + optimisation.options + files.options).map(\.name).filter { !taken.contains($0) }
    }

    /// `quanta train --model NAME` for a paper model: the paper's settings, then the options
    /// given; trained by the shared `Trainer` with a checkpoint every epoch, `--resume` and
    /// metrics; the configuration is stored in the checkpoint ("quanta.recipe").
    func runPaper(_ entry: PaperModel, _ args: Arguments, collective: (any Collective)?, io: Console) throws -> Int32 {
        if let name = Self.classicalOnly.first(where: args.given) {
            throw UsageError("--\(name) is for the catalog models; --model \(entry.name) takes "
                + entry.options.map { "--" + $0.name }.joined(separator: " "))
        }
        let (experiment, seed, resume) = try paperConfiguration(entry, args)
        let (train, test) = try experiment.prepare(dataDir: args.url("data-dir"), seed: seed)
        let parameters = try experiment.makeModel(seed: 0).parameterCount
        let source = Self.dataSource(experiment.settings.dataset, args)
        io.err("\(experiment.description), \(parameters) parameters: \(train.count) train, \(test.count) test "
            + "(read from \(source)); " + experiment.settings.trainingText)
        var hooks = TrainingHooks()
        hooks.checkpoint = args.url("save") ?? resume
        hooks.resume = resume
        hooks.collective = collective
        if let collective { io.err(DistributedRun.describeTraining(collective, batchSize: experiment.settings.batchSize)) }
        var spec = ModelSpec(name: entry.name, inputShape: Array(train.features.shape.dropFirst()),
                             classes: experiment.settings.classes.count, seed: seed, dataset: experiment.settings.dataset)
        if experiment.isRegression { spec.targetNormalization = Self.rawTargets(spec.classes) }
        hooks.metadata = try ModelCatalog.metadata(for: spec)
            .merging([PaperModel.metadataKey: String(decoding: try experiment.encoded(), as: UTF8.self)]) { $1 }
        let epochs = experiment.settings.fitEpochsText
        let progress = try TrainingProgress(epochs: epochs.count, every: Swift.max(1, epochs.count / 20), args: args, io: io)
        hooks.onBatch = progress.onBatch
        hooks.onEpoch = progress.onEpoch
        hooks.shouldStop = { Interruption.requested }
        Interruption.install()
        if let resume { io.err("resuming \(resume.path)") }
        let (model, run) = try experiment.train(seed: seed &+ 1701, train: train, test: test, hooks: hooks)
        if let world = collective as? Communicator { io.err(DistributedRun.communicationLine(world, seconds: run.trainSeconds)) }
        if experiment.isRegression {
            let report = evaluateRegression(model, test, batchSize: 2000)
            io.out(RegressionResult.line(report) + String(format: "  (%@, %.1f s training)", epochs.text, run.trainSeconds))
            guard args.flag("json") else { return 0 }
            var result = RegressionResult(report, model: entry.name, dataset: experiment.settings.dataset, dataSource: source,
                                          parameters: model.parameterCount)
            result.epochs = run.epochsRun
            result.trainSeconds = run.trainSeconds
            io.out(try JSONLine.encode(result))
            return 0
        }
        io.out(String(format: "test accuracy %.2f%%  (%@, %.1f s training, %.2f s/epoch)", 100 * run.testAccuracy,
                      epochs.text, run.trainSeconds, run.epochSeconds))
        if args.flag("json") {
            let report = evaluate(model, test, batchSize: 2000, loss: experiment.loss)
            let result = PaperResult(model: entry.name, dataset: experiment.settings.dataset, dataSource: source,
                                     testAccuracy: run.testAccuracy,
                                     testLoss: report.metrics.loss, parameters: model.parameterCount, epochs: run.epochsRun,
                                     trainSeconds: run.trainSeconds, epochSeconds: run.epochSeconds,
                                     testAccuracyPerEpoch: run.testCurve,
                                     perClassAccuracy: report.perClassAccuracy.map { $0 ?? -1 }, confusion: report.confusion)
            io.out(try JSONLine.encode(result))
        }
        return 0
    }

    /// A paper regression's targets are not standardised: the spec marks the model as a
    /// regression of `count` values with the identity as its target scale.
    static func rawTargets(_ count: Int) -> Normalization {
        Normalization(mean: Array(repeating: 0, count: count), std: Array(repeating: 1, count: count))
    }

    /// The folder a paper's data set is read from, or "generated".
    static func dataSource(_ dataset: String, _ args: Arguments) -> String {
        DatasetRegistry.find(dataset, dataDir: args.url("data-dir"))?.path ?? "generated"
    }

    /// The configuration (the paper's defaults and the options given, or the one stored in the
    /// checkpoint to resume, whose epochs `--epochs` may raise), its seed and the resume file.
    func paperConfiguration(_ entry: PaperModel, _ args: Arguments) throws
        -> (experiment: any ClassifierExperiment, seed: UInt64, resume: URL?) {
        guard let resume = args.url("resume") else {
            let names = entry.options.map(\.name)
            var values: [String: String] = [:]
            for name in args.givenNames where names.contains(name) { values[name] = args.string(name) }
            if let name = Self.paper.options.map(\.name).first(where: { args.given($0) && !names.contains($0) }) {
                throw UsageError("--\(name) is not a setting of --model \(entry.name); it takes "
                    + entry.options.map { "--" + $0.name }.joined(separator: " "))
            }
            let experiment = try entry.configure(dataset: args.string("dataset"), overrides: ConfigOverrides(values))
            return (experiment, try args.seed(), nil)
        }
        let metadata = try Checkpoint.metadata(of: resume)
        let spec = try ModelCatalog.spec(in: metadata, file: resume.path)
        var experiment: any ClassifierExperiment
        do { experiment = try PaperModel.stored(in: metadata) } catch {
            throw SafeTensorsError(file: resume.path, problem: "\(error)")
        }
        try Self.checkResumedPaper(args, entry, stored: experiment, seed: spec.seed, file: resume.path)
        if args.given("epochs") {
            let epochs = try args.int("epochs")
            let stored = experiment.settings.epochs
            guard epochs >= stored else {
                throw UsageError("--epochs \(epochs): the run in \(resume.path) is set for \(stored) epochs; "
                    + "--epochs may only extend a resumed run")
            }
            if epochs > stored || experiment.settings.steps != nil {
                experiment.settings = experiment.settings.extended(to: epochs)
            }
        }
        return (experiment, spec.seed, resume)
    }

    /// `quanta train --json` for a paper model.
    struct PaperResult: Encodable {
        var model: String
        var dataset: String
        /// The folder the data set was read from ("generated" for a generated problem).
        var dataSource: String
        var testAccuracy: Double
        /// The test loss of what the model trains on (its `loss`, e.g. a fidelity loss).
        var testLoss: Double
        var parameters: Int
        var epochs: Int
        var trainSeconds: Double
        var epochSeconds: Double
        var testAccuracyPerEpoch: [Double]
        var perClassAccuracy: [Double]
        var confusion: [[Int]]
    }
}

extension ClassifierSettings {
    /// Epochs of the run and how to say it ("500 epochs", "200 steps", "≤ 1000 L-BFGS iterations").
    var fitEpochsText: (count: Int, text: String) {
        if optimizer == .lbfgs { return (epochs, "≤ \(epochs) L-BFGS iterations") }
        if let steps { return (1, "\(steps) steps") }
        return (epochs, "\(epochs) epochs")
    }
}
