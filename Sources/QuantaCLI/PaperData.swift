import Foundation
import Quanta
import Reproductions

/// The data of a paper model's checkpoint as eval and quantize use them: the stored recipe's
/// training and test parts (the same seeded selection as in training; `--dataset` replaces
/// the data set).
struct PaperData {
    let experiment: any ClassifierExperiment
    let train: LabeledData
    let test: LabeledData
    /// The folder the data were read from ("generated" for a generated problem).
    let source: String

    var dataset: String { experiment.settings.dataset }

    init(_ url: URL, metadata: [String: String], spec: ModelSpec, args: Arguments) throws {
        var experiment: any ClassifierExperiment
        do { experiment = try PaperModel.stored(in: metadata) } catch {
            throw SafeTensorsError(file: url.path, problem: "\(error)")
        }
        if let dataset = args.string("dataset") { experiment.settings.dataset = dataset }
        (train, test) = try experiment.prepare(dataDir: args.url("data-dir"), seed: spec.seed)
        source = TrainCommand.dataSource(experiment.settings.dataset, args)
        self.experiment = experiment
    }
}
