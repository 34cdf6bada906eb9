import Foundation

/// A catalog model trained by `TrainConfig.train`, with the data it was trained on.
public struct TrainedModel {
    public let model: Sequential<Float>
    public let spec: ModelSpec
    public let data: PreparedData
    /// One record per epoch (training and validation loss and accuracy).
    public let records: [EpochRecord]

    public init(model: Sequential<Float>, spec: ModelSpec, data: PreparedData, records: [EpochRecord]) {
        self.model = model
        self.spec = spec
        self.data = data
        self.records = records
    }
}

extension TrainConfig {
    /// The data as this run splits and standardises it (`normalization` from a checkpoint is reused).
    public func prepareData(dataDir: URL?, normalization: Normalization? = nil,
                            targetNormalization: Normalization? = nil) throws -> PreparedData {
        if task == "forecast" {
            guard let window else { throw ModelZooError("--task forecast needs --window W") }
            return try PreparedData.forecast(dataset, dataDir: dataDir, window: window, horizon: horizon ?? 1,
                                             testFraction: testFraction, validationFraction: validationFraction)
        }
        return try PreparedData.load(dataset, dataDir: dataDir, testFraction: testFraction, validationFraction: validationFraction,
                              seed: seed, normalization: normalization, targetNormalization: targetNormalization,
                              labelColumn: labelColumn, task: task.flatMap { DatasetTask(rawValue: $0) })
    }

    /// The specification of this run's model on `data`.
    public func spec(for data: PreparedData) -> ModelSpec {
        var spec = ModelSpec(name: model, inputShape: data.sampleShape, classes: data.classes, hidden: hidden, channels: channels,
                             seed: seed, dataset: dataset, normalization: data.normalization)
        spec.classNames = data.info.classes
        spec.labelColumn = labelColumn
        spec.targetNormalization = data.targetNormalization
        spec.horizon = data.forecast?.horizon
        spec.qubits = qubits
        spec.circuitLayers = circuitLayers
        return spec
    }

    /// The model of `spec`, after checking that training it with this batch size fits in memory.
    public func makeModel(_ spec: ModelSpec) throws -> Sequential<Float> {
        try spec.checkMemory(spec.trainingBytes(batchSize: batchSize), for: "training")
        return try ModelCatalog.build(spec)
    }

    /// Installs `adversarial` training on `trainer` (nothing when unset): the attack moves raw
    /// inputs (undoing `data`'s standardisation), kept in [0, 1] when the training data lie there.
    public func installAdversarial(on trainer: Trainer<Float>, model: Sequential<Float>, data: PreparedData) throws {
        guard let adversarial else { return }
        guard !data.isRegression else { throw ModelZooError("--adversarial trains classifiers; \(dataset) is a regression task") }
        let n = data.normalization
        let standardisation = ChannelStandardisation(mean: n.mean, std: n.std, channelAxis: n.channelAxis)
        let bounds = AdversarialTraining.unitBounds(of: standardisation.inverted(data.train.features))
        AdversarialTraining.install(try AdversarialTraining.attack(adversarial, bounds: bounds), on: trainer, model: model,
                                    standardisation: standardisation)
    }

    /// Trains a fresh model for `epochs`, validating every epoch (as `quanta train` without files).
    public func train(dataDir: URL?, onEpoch: ((EpochRecord) -> Void)? = nil) throws -> TrainedModel {
        let data = try prepareData(dataDir: dataDir)
        let spec = spec(for: data)
        let model = try makeModel(spec)
        let trainer = makeTrainer(model, trainCount: data.train.count, regression: data.isRegression)
        try installAdversarial(on: trainer, model: model, data: data)
        var options = FitOptions(epochs: epochs)
        options.validation = data.validation
        options.earlyStoppingPatience = patience
        options.onEpoch = { onEpoch?($0) }
        let records = try trainer.fit(data.train, options: options)
        model.isTraining = false
        return TrainedModel(model: model, spec: spec, data: data, records: records)
    }
}
