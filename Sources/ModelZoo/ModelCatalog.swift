import Datasets
import Foundation
import NeuralNetworks

/// What a checkpoint stores to rebuild its model: the model's name, sizes, input and classes.
/// Saved as JSON in the checkpoint's "quanta.model" metadata by `quanta train`; a library
/// user rebuilds the model with `ModelCatalog.build(spec)` and loads the weights with
/// `Checkpoint.load`.
public struct ModelSpec: Codable, Equatable, Sendable {
    public static let metadataKey = "quanta.model"
    /// The metadata key of a paper model's recipe (written by `Reproductions`).
    public static let recipeKey = "quanta.recipe"
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
    /// Class names in label order (what `quanta predict` prints), when the data has them.
    public var classNames: [String]?
    /// The class column of a `csv:` table it was trained on (dropped from tables to predict).
    public var labelColumn: String?
    /// For a regression model: the standardisation of its targets (outputs are standardised
    /// values; `classes` counts the target values). Nil for a classifier.
    public var targetNormalization: Normalization?
    public var isRegression: Bool { targetNormalization != nil }
    /// A forecaster's horizon H: it predicts the H steps after its input window (nil: not a forecaster).
    public var horizon: Int?
    /// Circuit qubits of a quantum recurrent model (qrnn, qlstm, qgru: 4; qfwp: 8).
    public var qubits: Int?
    /// Circuit layers of qrnn, qlstm, qgru (1); qfwp's circuit depth (2).
    public var circuitLayers: Int?

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
    public static let names = ["mlp", "cnn", "lenet5", "resnet20", "mobilenet"] + RecurrentModels.names

    /// Builds the model a spec describes; throws `ModelZooError` for an unknown name or an input it cannot take.
    /// The spec is checked first: sizes in range, the architecture's geometry against the
    /// input shape, and the memory of the weights and a batch of 256 against `MemoryBudget`.
    public static func build(_ spec: ModelSpec) throws -> Sequential<Float> {
        if let problem = spec.problem { throw ModelZooError("model \(spec.name): \(problem)") }
        try checkGeometry(spec)
        try spec.checkMemory(spec.inferenceBytes(batchSize: 256), for: "the model")
        if RecurrentModels.names.contains(spec.name) { return try RecurrentModels.build(spec) }
        switch spec.name {
        case "mlp":
            let features = spec.inputShape.reduce(1, *)
            return Models.mlp(inputSize: features, hidden: spec.hidden ?? [128, 64], classes: spec.classes, seed: spec.seed)
        case "cnn":
            return Models.smallCNN(imageSize: spec.inputShape[1], channels: spec.channels ?? 16, classes: spec.classes,
                                   seed: spec.seed)
        case "resnet20":
            return Models.resnet20(imageSize: spec.inputShape[1], classes: spec.classes, seed: spec.seed)
        case "mobilenet":
            return Models.mobileNet(imageSize: spec.inputShape[1], classes: spec.classes, seed: spec.seed)
        default:
            return Models.lenet5(classes: spec.classes, imageSize: spec.inputShape[1], seed: spec.seed)
        }
    }

    /// Throws `ModelZooError` unless the model can take samples of the spec's input shape.
    static func checkGeometry(_ spec: ModelSpec) throws {
        guard names.contains(spec.name) else {
            throw ModelZooError("unknown model '\(spec.name)'; known: \(names.joined(separator: ", "))")
        }
        guard spec.name != "mlp" else { return }
        if RecurrentModels.names.contains(spec.name) { return try RecurrentModels.checkGeometry(spec) }
        let shape = spec.inputShape
        guard shape.count == 3, shape[0] == 1, shape[1] == shape[2] else {
            throw ModelZooError("model \(spec.name) needs square single-channel images [1, S, S]; the data has samples of shape \(shape) (use --model mlp)")
        }
        let size = shape[1]
        if spec.name == "cnn" && size < 2 {
            throw ModelZooError("cnn pools 2×2 and needs images of at least 2×2; the data has \(size)×\(size) (use --model mlp)")
        }
        if spec.name == "lenet5" && size < 16 {
            throw ModelZooError("lenet5 needs images of at least 16×16; the data has \(size)×\(size) (use --model cnn or mlp)")
        }
        if (spec.name == "resnet20" || spec.name == "mobilenet") && size < 8 {
            throw ModelZooError("\(spec.name) halves the side twice and needs images of at least 8×8; the data has "
                + "\(size)×\(size) (use --model cnn or mlp)")
        }
    }

    /// The spec stored in a checkpoint's metadata.
    public static func spec(in metadata: [String: String], file: String) throws -> ModelSpec {
        guard let json = metadata[ModelSpec.metadataKey] else {
            throw SafeTensorsError(file: file, problem: "no \(ModelSpec.metadataKey) metadata: not a checkpoint written by quanta train")
        }
        let spec: ModelSpec
        do { spec = try JSONDecoder().decode(ModelSpec.self, from: Data(json.utf8)) } catch {
            throw SafeTensorsError(file: file, problem: "unreadable \(ModelSpec.metadataKey) metadata: \(error)")
        }
        try spec.validate(file: file)
        guard names.contains(spec.name) || metadata[ModelSpec.recipeKey] != nil else {
            throw SafeTensorsError(file: file, problem: "\(ModelSpec.metadataKey) field 'name' = '\(spec.name)' is not a catalog "
                + "model (\(names.joined(separator: ", "))) and the file holds no paper recipe")
        }
        return spec
    }

    /// The spec as checkpoint metadata.
    public static func metadata(for spec: ModelSpec) throws -> [String: String] {
        [ModelSpec.metadataKey: try SafeTensors.metadataJSON(spec)]
    }
}
