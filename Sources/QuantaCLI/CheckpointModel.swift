import Foundation
import Quanta
import Reproductions

/// Any checkpoint `quanta train` or `quanta quantize --out` writes, as a batch function
/// samples [n, …] → outputs [n, classes]: a float catalog model, a paper (quantum or hybrid)
/// model rebuilt from its stored configuration, an integer model or a weight-only model.
struct CheckpointModel {
    let spec: ModelSpec
    /// "float", "paper", "int8", "hybrid int8", "weight-only" or "mixed-precision" (weight-only
    /// layers with quantized inputs, from hawq).
    let kind: String
    let outputs: (Tensor<Float>) -> Tensor<Float>
    /// Weights and biases of the (float) model.
    let parameters: Int
    /// Bytes of a quantized model's weights (nil for a float model).
    let byteCount: Int?

    var isQuantized: Bool { byteCount != nil }

    init(_ url: URL) throws {
        let metadata = try Checkpoint.metadata(of: url)
        try self.init(url, metadata: metadata, spec: try ModelCatalog.spec(in: metadata, file: url.path))
    }

    /// The model of checkpoint `url`, whose metadata and spec the caller has read. A paper
    /// model's float layers are rebuilt from its recipe, a catalog model's from the spec.
    init(_ url: URL, metadata: [String: String], spec: ModelSpec) throws {
        self.spec = spec
        let isPaper = metadata[PaperModel.metadataKey] != nil
        let build = { isPaper ? try Self.paperModel(metadata, spec: spec, file: url.path) : try ModelCatalog.build(spec) }
        if metadata[QuantizedModel.formatKey] == QuantizedModel.formatVersion {
            let model = try QuantizedModel.load(url).model
            (kind, parameters, byteCount) = ("int8", try build().parameterCount, model.byteCount)
            outputs = { model.predict($0) }
            return
        }
        if HybridQuantizedModel.isHybrid(metadata) {
            let float = try build()
            float.isTraining = false
            let model = try HybridQuantizedModel.load(url, into: float)
            (kind, parameters, byteCount) = ("hybrid int8", float.parameterCount, model.byteCount)
            outputs = { model.predict($0) }
            return
        }
        let model: Sequential<Float>
        if WeightOnlyQuantization.isWeightOnly(metadata) {
            model = try WeightOnlyQuantization.load(url, into: try build()).model
            let mixed = model.leaves.contains { ($0.layer as? any WeightOnlyLayer)?.input != nil }
            (kind, byteCount) = (mixed ? "mixed-precision" : "weight-only", WeightOnlyQuantization.byteCount(model))
        } else {
            model = try build()
            try Checkpoint.load(into: model, from: url)
            (kind, byteCount) = (isPaper ? "paper" : "float", nil)
        }
        model.isTraining = false
        parameters = model.parameterCount
        outputs = { model($0) }
    }

    /// A paper model rebuilt from its stored recipe (weights not yet loaded).
    static func paperModel(_ metadata: [String: String], spec: ModelSpec, file: String) throws -> Sequential<Float> {
        let experiment: any ClassifierExperiment
        do { experiment = try PaperModel.stored(in: metadata) } catch {
            throw SafeTensorsError(file: file, problem: "\(error)")
        }
        return try experiment.makeModel(seed: spec.seed &+ 1701)
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
