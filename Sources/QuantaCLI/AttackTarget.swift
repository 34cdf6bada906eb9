import Foundation
import Quanta
import Reproductions

/// What `quanta attack` attacks: a checkpoint's float classifier with its weights, the test part
/// of its data, the standardisation its inputs went through and the data's valid range.
struct AttackTarget {
    let name: String
    let dataset: String
    let model: any Layer<Float>
    private(set) var test: LabeledData
    let standardisation: ChannelStandardisation?
    let bounds: ClosedRange<Float>?

    init(_ url: URL, args: Arguments) throws {
        let metadata = try Checkpoint.metadata(of: url)
        let spec = try ModelCatalog.spec(in: metadata, file: url.path)
        if metadata[QuantizedModel.formatKey] == QuantizedModel.formatVersion || HybridQuantizedModel.isHybrid(metadata) || WeightOnlyQuantization.isWeightOnly(metadata) {
            throw CommandError("\(url.path) holds a quantized model, which has no input gradient to attack; attack the float checkpoint it came from")
        }
        guard !spec.isRegression else {
            throw CommandError("\(url.path) holds a regression model (\(spec.name)); attacks need a classifier's labels")
        }
        name = spec.name
        if metadata[PaperModel.metadataKey] != nil {
            let paper = try PaperData(url, metadata: metadata, spec: spec, args: args)
            guard !paper.experiment.isRegression else {
                throw CommandError("\(url.path) holds a regression model (\(spec.name)); attacks need a classifier's labels")
            }
            model = try CheckpointModel.paperModel(metadata, spec: spec, file: url.path)
            test = paper.test
            dataset = paper.dataset
            standardisation = nil
        } else {
            let data = try PreparedData.forCheckpoint(spec, metadata: metadata, file: url.path, args: args)
            model = try ModelCatalog.build(spec)
            test = data.test
            dataset = data.info.name
            standardisation = spec.normalization.map { ChannelStandardisation(mean: $0.mean, std: $0.std, channelAxis: $0.channelAxis) }
        }
        try Checkpoint.load(into: model, from: url)
        model.isTraining = false
        let raw = standardisation?.inverted(test.features) ?? test.features
        bounds = AdversarialTraining.unitBounds(of: raw)
        if let limit = try args.intIfGiven("limit"), limit < test.count {
            test = LabeledData(features: test.features.gatherRows(Array(0..<limit)), labels: Array(test.labels.prefix(limit)))
        }
    }
}
