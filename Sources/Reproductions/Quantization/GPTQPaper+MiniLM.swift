import Datasets
import Foundation
import LanguageModels
import NeuralNetworks
import Quantization

/// The MiniLM part of the gptq reproduction: all-MiniLM-L6-v2 (F32) before and after rounding
/// its projections with RTN and GPTQ at 4 and 3 bits (groups of 128), judged by the correlation
/// of its cosine similarities with human ratings; GPTQ calibrated on Lee background articles.
extension GPTQPaper {
    static func miniLMVariants(_ config: Config) -> [Variant] {
        variants.filter { (config.withoutActOrder || $0.method != .gptq || $0.actOrder) && config.encoderBits.contains($0.bits) }
    }

    static func miniLMRows(_ config: Config, _ context: ReproductionContext) throws -> [ResultRow] {
        let folder = try LanguageModelCatalog.locateMiniLM()
        let benchmark = try SimilarityBenchmark(folder: DatasetRegistry.locate("text-eval", dataDir: context.dataDir))
        let float = try SentenceEncoder(folder: folder)
        let (background, _) = try texts(context, config)
        let articles = background.split(separator: "\n").prefix(config.encoderSamples)
        let calibration = try articles.map { try float.tokenizer.encodeForModel(String($0), maxLength: float.maxLength) }
        context.log("gptq: MiniLM, \(calibration.count) calibration articles (\(calibration.joined().count) tokens)")
        var began = Date()
        var rows = miniLMRows("F32", try benchmark.correlations(float), benchmark, seconds: Date().timeIntervalSince(began))
        for variant in miniLMVariants(config) {
            began = Date()
            let encoder = try SentenceEncoder(folder: folder)
            let quantization = TransformerQuantization(method: variant.method, gptq: GPTQ(
                bits: variant.bits, groupSize: 128, actOrder: variant.actOrder, staticGroups: variant.actOrder, threads: context.threads))
            _ = try quantization.quantize(encoder.encoder, calibration: calibration)
            let values = try benchmark.correlations(encoder)
            context.log("gptq: MiniLM \(variant.label): " + values.map { String(format: "%.4f", $0) }.joined(separator: " "))
            rows += miniLMRows(variant.label, values, benchmark, seconds: Date().timeIntervalSince(began))
        }
        return rows
    }

    /// sentence-transformers' correlations of the F32 model on the three sets (Scripts/references/minilm_reference.py).
    static let miniLMReference = [0.6564, 0.4462, 0.7289]

    static func miniLMRows(_ label: String, _ values: [Double], _ benchmark: SimilarityBenchmark, seconds: Double) -> [ResultRow] {
        zip(benchmark.sets, values).enumerated().map { k, item in
            let (set, value) = item
            let reported = label == "F32"
                ? Reported(String(format: "%.4f (sentence-transformers, same data)", miniLMReference[k]), value: miniLMReference[k],
                           source: "Scripts/references/minilm_reference.py")
                : Reported("no MiniLM number in the paper; compare with the F32 row", source: "—")
            return ResultRow(label: "all-minilm-l6-v2 \(label), \(set.name)", metric: set.usesPearson ? "Pearson r" : "Spearman ρ",
                             values: [value], unit: "", higherIsBetter: true, reported: reported, seconds: seconds / 3)
        }
    }
}
