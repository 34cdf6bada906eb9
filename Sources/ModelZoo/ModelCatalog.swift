import Datasets
import Foundation
import NeuralNetworks

/// What a checkpoint stores to rebuild its model: the model's name, sizes, input and classes.
/// Saved as JSON in the checkpoint's "quanta.model" metadata by `quanta train`; a library
/// user rebuilds the model with `ModelCatalog.build(spec)` and loads the weights with
/// `Checkpoint.load`.
public struct ModelSpec: Codable, Equatable, Sendable {
    public static let metadataKey = "quanta.model"
    /// Catalog name: mlp, cnn, lenet5 (or a paper model's name, built by `Reproductions`).
    public var name: String
    /// Shape of one sample, e.g. [1, 28, 28].
    public var inputShape: [Int]
    public var classes: Int
    /// Hidden layer widths (mlp).
    public var hidden: [Int]?
    /// First convolution's channels (cnn).
    public var channels: Int?
    /// Initialisation seed.
    public var seed: UInt64
    /// Data set it was trained on (for `quanta eval` defaults).
    public var dataset: String?
    /// Per-feature standardisation fitted on the training data (tabular sets), applied before the model.
    public var normalization: Normalization?

    public init(name: String, inputShape: [Int], classes: Int, hidden: [Int]? = nil, channels: Int? = nil, seed: UInt64,
                dataset: String? = nil, normalization: Normalization? = nil) {
        self.name = name
        self.inputShape = inputShape
        self.classes = classes
        self.hidden = hidden
        self.channels = channels
        self.seed = seed
        self.dataset = dataset
        self.normalization = normalization
    }
}

/// The classical models `quanta train --model NAME` can build.
public enum ModelCatalog {
    public static let names = ["mlp", "cnn", "lenet5"]

    /// Builds the model a spec describes; throws `ModelZooError` for an unknown name or an input it cannot take.
    public static func build(_ spec: ModelSpec) throws -> Sequential<Float> {
        let features = spec.inputShape.reduce(1, *)
        switch spec.name {
        case "mlp":
            return Models.mlp(inputSize: features, hidden: spec.hidden ?? [128, 64], classes: spec.classes, seed: spec.seed)
        case "cnn", "lenet5":
            guard spec.inputShape.count == 3, spec.inputShape[0] == 1, spec.inputShape[1] == spec.inputShape[2] else {
                throw ModelZooError("model \(spec.name) needs square single-channel images [1, S, S]; the data has samples of shape \(spec.inputShape) (use --model mlp)")
            }
            let size = spec.inputShape[1]
            if spec.name == "cnn" {
                return Models.smallCNN(imageSize: size, channels: spec.channels ?? 16, classes: spec.classes, seed: spec.seed)
            }
            guard size >= 16 else { throw ModelZooError("lenet5 needs images of at least 16×16; the data has \(size)×\(size) (use --model cnn or mlp)") }
            return Models.lenet5(classes: spec.classes, imageSize: size, seed: spec.seed)
        default:
            throw ModelZooError("unknown model '\(spec.name)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// The spec stored in a checkpoint's metadata.
    public static func spec(in metadata: [String: String], file: String) throws -> ModelSpec {
        guard let json = metadata[ModelSpec.metadataKey] else {
            throw SafeTensorsError(file: file, problem: "no \(ModelSpec.metadataKey) metadata: not a checkpoint written by quanta train")
        }
        do { return try JSONDecoder().decode(ModelSpec.self, from: Data(json.utf8)) } catch {
            throw SafeTensorsError(file: file, problem: "unreadable \(ModelSpec.metadataKey) metadata: \(error)")
        }
    }

    /// The spec as checkpoint metadata.
    public static func metadata(for spec: ModelSpec) throws -> [String: String] {
        [ModelSpec.metadataKey: String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)]
    }
}
