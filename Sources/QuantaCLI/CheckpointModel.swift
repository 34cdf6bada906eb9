import Foundation
import Quanta
import Reproductions

/// Any checkpoint `quanta train` or `quanta quantize --out` writes, as a batch function
/// samples [n, …] → outputs [n, classes]: a float catalog model, a paper (quantum or hybrid)
/// model rebuilt from its stored configuration, an integer model or a weight-only model.
struct CheckpointModel {
    let spec: ModelSpec
    /// "float", "paper", "int8" or "weight-only".
    let kind: String
    let outputs: (Tensor<Float>) -> Tensor<Float>

    init(_ url: URL) throws {
        let metadata = try Checkpoint.metadata(of: url)
        spec = try ModelCatalog.spec(in: metadata, file: url.path)
        if metadata[QuantizedModel.formatKey] == QuantizedModel.formatVersion {
            let model = try QuantizedModel.load(url).model
            kind = "int8"
            outputs = { model.predict($0) }
        } else if WeightOnlyQuantization.isWeightOnly(metadata) {
            let model = try WeightOnlyQuantization.load(url, into: try ModelCatalog.build(spec)).model
            kind = "weight-only"
            outputs = { model($0) }
        } else if metadata[PaperModel.metadataKey] != nil {
            let experiment: any ClassifierExperiment
            do { experiment = try PaperModel.stored(in: metadata) } catch {
                throw SafeTensorsError(file: url.path, problem: "\(error)")
            }
            let model = try experiment.makeModel(seed: spec.seed &+ 1701)
            try Checkpoint.load(into: model, from: url)
            model.isTraining = false
            kind = "paper"
            outputs = { model($0) }
        } else {
            let model = try ModelCatalog.build(spec)
            try Checkpoint.load(into: model, from: url)
            model.isTraining = false
            kind = "float"
            outputs = { model($0) }
        }
    }

    /// `samples` [N, …] shaped and standardised as the model takes them; throws when their
    /// size per sample differs from the model's input.
    func prepared(_ samples: Tensor<Float>, file: String) throws -> Tensor<Float> {
        let perSample = samples.shape.dropFirst().reduce(1, *)
        let want = spec.inputShape.reduce(1, *)
        guard perSample == want else {
            throw CommandError("\(file): samples of shape \(Array(samples.shape.dropFirst())) (\(perSample) values); "
                + "the model takes \(spec.inputShape) (\(want) values)")
        }
        let shaped = samples.reshaped([samples.shape[0]] + spec.inputShape)
        return spec.normalization.map { $0.apply(shaped) } ?? shaped
    }

    /// The name of class `index`.
    func label(_ index: Int) -> String {
        spec.classNames.flatMap { index < $0.count ? $0[index] : nil } ?? String(index)
    }
}
