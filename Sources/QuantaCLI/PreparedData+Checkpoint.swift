import Foundation
import Quanta

extension PreparedData {
    /// The data a checkpoint was trained on (or `--dataset NAME`), split and standardised
    /// exactly as in its training run, checked against the checkpoint's model. Shared by
    /// `eval` and `quantize`.
    static func forCheckpoint(_ spec: ModelSpec, metadata: [String: String], file: String, args: Arguments) throws -> PreparedData {
        let config = try? TrainConfig.stored(in: metadata, file: file)
        let given = args.string("dataset")
        guard let dataset = given ?? spec.dataset else {
            // the file lacks what every checkpoint of quanta train holds: its fault (exit 1)
            throw SafeTensorsError(file: file, problem: "the checkpoint names no data set; --dataset NAME picks one")
        }
        if given == nil { try TrainConfig.checkStoredDataset(dataset, file: file) }
        if spec.horizon != nil {
            guard var config else { throw SafeTensorsError(file: file, problem: "a forecaster without its quanta.train settings (window)") }
            config.dataset = dataset
            return try checked(try config.prepareData(dataDir: args.url("data-dir")), spec: spec, dataset: dataset, given: given, file: file)
        }
        let data = try load(dataset, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) },
                            testFraction: config?.testFraction ?? 0.2, validationFraction: config?.validationFraction ?? 0.05,
                            seed: config?.seed ?? spec.seed, normalization: spec.normalization,
                            targetNormalization: spec.targetNormalization,
                            labelColumn: config?.labelColumn ?? spec.labelColumn,
                            task: spec.isRegression ? .regression : (config?.task).flatMap { DatasetTask(rawValue: $0) })
        return try checked(data, spec: spec, dataset: dataset, given: given, file: file)
    }

    /// `data` when the checkpoint's model takes its samples and classes.
    static func checked(_ data: PreparedData, spec: ModelSpec, dataset: String, given: String?, file: String) throws -> PreparedData {
        guard data.sampleShape == spec.inputShape, data.classes <= spec.classes else {
            let message = "\(dataset) has samples \(data.sampleShape) in \(data.classes) classes; the checkpoint's model takes \(spec.inputShape) in \(spec.classes)"
            // the name came from the file: its fault, not a usage error
            if given == nil { throw SafeTensorsError(file: file, problem: message) }
            throw UsageError(message)
        }
        return data
    }
}
