import Foundation

/// The float networks the CNN quantization papers start from, trained once per configuration
/// and kept in the cache folder (`$QUANTA_CACHE`, else `$XDG_CACHE_HOME/quanta`, else
/// `~/.cache/quanta`, under `baselines/`), so that `hawq`, `zeroq`, `adaround`, … quantize the
/// same ResNet-20 without training it again. A file that is missing or does not load is
/// (re)trained; the name carries a hash of the whole training configuration. A checkpoint that
/// `quanta train` wrote with the same settings may be copied there under that name.
enum TrainedBaseline {
    /// The trained model of `config` with its data (split and standardised as when trained).
    static func model(_ config: TrainConfig, context: ReproductionContext) throws -> TrainedModel {
        let url = try cacheFile(config, root: context.cacheDir)
        if let cached = try? load(config, from: url, context: context) {
            context.log("\(config.model) \(config.dataset): trained baseline from \(url.path)")
            return cached
        }
        context.log("\(config.model) \(config.dataset): training the float baseline (\(config.epochs) epochs; kept in \(url.path))")
        let trained = try config.train(dataDir: context.dataDir) { record in
            context.log(String(format: "  %@ %@ epoch %d: loss %.4f, validation accuracy %.2f%%", config.model, config.dataset,
                               record.epoch, record.trainLoss, 100 * (record.validationAccuracy ?? 0)))
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let records = String(decoding: try JSONEncoder().encode(trained.records), as: UTF8.self)
        try Checkpoint.save(model: trained.model, metadata: [recordsKey: records], to: url)
        return trained
    }

    static let recordsKey = "quanta.baseline_records"

    static func load(_ config: TrainConfig, from url: URL, context: ReproductionContext) throws -> TrainedModel {
        let data = try config.prepareData(dataDir: context.dataDir)
        let spec = config.spec(for: data)
        let model = try ModelCatalog.build(spec)
        let metadata = try Checkpoint.load(into: model, from: url)
        // A checkpoint from `quanta train` with the same settings has no records: no curve then.
        let records = try metadata[recordsKey].map { try JSONDecoder().decode([EpochRecord].self, from: Data($0.utf8)) } ?? []
        model.isTraining = false
        return TrainedModel(model: model, spec: spec, data: data, records: records)
    }

    /// baselines/MODEL-DATASET-HASH.safetensors in the cache folder (`root` when given).
    static func cacheFile(_ config: TrainConfig, root given: URL?) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let root: URL
        if let given {
            root = given
        } else if let folder = environment["QUANTA_CACHE"], !folder.isEmpty {
            root = URL(fileURLWithPath: folder)
        } else if let folder = environment["XDG_CACHE_HOME"], !folder.isEmpty {
            root = URL(fileURLWithPath: folder).appendingPathComponent("quanta")
        } else {
            root = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/quanta")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let digest = SHA256.hash(try encoder.encode(config)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return root.appendingPathComponent("baselines/\(config.model)-\(config.dataset)-\(digest).safetensors")
    }
}
