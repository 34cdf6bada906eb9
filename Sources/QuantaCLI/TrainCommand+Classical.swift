import Foundation
import Quanta
import Reproductions

extension TrainCommand {
    /// The paper models' own options, refused for a catalog model.
    static var paperOnly: [String] { paper.options.map(\.name).filter { catalogCircuitOptions[$0] == nil } }

    /// `quanta train --model mlp|cnn|lenet5`.
    func runClassical(_ args: Arguments, collective: (any Collective)?, io: Console) throws -> Int32 {
        if let name = Self.paperOnly.first(where: args.given) {
            throw UsageError("--\(name) is for the paper models (--model \(Self.paperNames.joined(separator: "|")))")
        }
        let resumeURL = args.url("resume")
        var config = try TrainConfig(args)
        var storedSpec: ModelSpec?
        if let resumeURL {
            let metadata = try Checkpoint.metadata(of: resumeURL)
            let stored = try TrainConfig.stored(in: metadata, file: resumeURL.path)
            config = try Self.resumedConfig(args, requested: config, stored: stored, file: resumeURL.path)
            storedSpec = try ModelCatalog.spec(in: metadata, file: resumeURL.path)
        }
        let data = try config.prepareData(dataDir: args.url("data-dir"), normalization: storedSpec?.normalization,
                                          targetNormalization: storedSpec?.targetNormalization)
        let spec = storedSpec ?? config.spec(for: data)
        let model = try config.makeModel(spec)
        let trainer = config.makeTrainer(model, trainCount: data.train.count, regression: data.isRegression)
        trainer.collective = collective
        try config.installAdversarial(on: trainer, model: model, data: data)
        if let resumeURL {
            try trainer.resume(from: resumeURL)
            io.err("resumed \(resumeURL.path) at epoch \(trainer.state.epoch), batch \(trainer.state.batchInEpoch)")
            if let length = config.scheduleEpochs, length < config.epochs {
                let rate = trainer.schedule?.learningRate(at: trainer.state.step) ?? config.learningRate
                io.err(String(format: "extended to %d epochs; the learning-rate schedule keeps its %d epochs (rate now %.3g)",
                              config.epochs, length, rate))
            }
        }
        var options = FitOptions(epochs: config.epochs)
        options.validation = data.validation
        options.checkpoint = args.url("save") ?? resumeURL
        options.checkpointEverySteps = try args.intIfGiven("checkpoint-every")
        options.earlyStoppingPatience = config.patience
        options.metadata = try config.metadata.merging(ModelCatalog.metadata(for: spec)) { $1 }
        let progress = try TrainingProgress(epochs: config.epochs, args: args, io: io)
        options.onBatch = progress.onBatch
        options.onEpoch = { try progress.onEpoch($0, nil) }
        options.shouldStop = { Interruption.requested }
        Interruption.install()
        io.err("\(spec.name) (\(model.parameterCount) parameters) on \(data.info.name) (read from \(data.info.location)): "
            + "\(data.train.count) train, \(data.validation?.count ?? 0) validation, \(data.test.count) test samples")
        if let collective { io.err(DistributedRun.describeTraining(collective, batchSize: config.batchSize)) }
        let start = Date()
        try trainer.fit(data.train, options: options)
        let seconds = Date().timeIntervalSince(start)
        if let world = collective as? Communicator { io.err(DistributedRun.communicationLine(world, seconds: seconds)) }
        if data.isRegression {
            try reportRegression(model, spec: spec, data: data, trainer: trainer, seconds: seconds, json: args.flag("json"), io: io)
            return 0
        }
        try report(model, spec: spec, data: data, trainer: trainer, seconds: seconds, json: args.flag("json"), io: io)
        return 0
    }

    /// `quanta train --json` for a catalog model.
    struct ClassicalResult: Encodable {
        var model: String
        var dataset: String
        /// The folder the data set was read from.
        var dataSource: String
        var testAccuracy: Double
        var testLoss: Double
        var parameters: Int
        var epochs: Int
        var trainSeconds: Double
        var perClassAccuracy: [Double]
        var confusion: [[Int]]
        var bestValidationAccuracy: Double
        var bestEpoch: Int
    }

    /// Test accuracy, best validation epoch and the JSON line.
    func report(_ model: Sequential<Float>, spec: ModelSpec, data: PreparedData, trainer: Trainer<Float>, seconds: Double,
                json: Bool, io: Console) throws {
        let report = evaluate(model, data.test)
        io.out(String(format: "test accuracy %.2f%%  test loss %.4f  (%d epochs, %.1f s training)",
                      100 * report.metrics.accuracy, report.metrics.loss, trainer.state.epoch, seconds))
        let state = trainer.state
        if state.bestEpoch > 0 {
            io.out(String(format: "best validation accuracy %.2f%% at epoch %d", 100 * state.bestAccuracy, state.bestEpoch))
        }
        guard json else { return }
        let result = ClassicalResult(model: spec.name, dataset: data.info.name, dataSource: data.info.location,
                                     testAccuracy: report.metrics.accuracy,
                                     testLoss: report.metrics.loss, parameters: model.parameterCount, epochs: state.epoch,
                                     trainSeconds: seconds, perClassAccuracy: report.perClassAccuracy.map { $0 ?? -1 },
                                     confusion: report.confusion, bestValidationAccuracy: state.bestAccuracy,
                                     bestEpoch: state.bestEpoch)
        io.out(try JSONLine.encode(result))
    }
}
