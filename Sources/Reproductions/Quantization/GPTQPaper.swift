import Datasets
import Foundation
import LanguageModels
import NeuralNetworks
import Quantization

/// Frantar, Ashkboos, Hoefler & Alistarh, "GPTQ: Accurate Post-Training Quantization for
/// Generative Pre-trained Transformers" (arXiv 2210.17323, ICLR 2023; papers.md §C2) on
/// SmolLM2-135M-Instruct: the dequantised Q4_1 model as the baseline, round-to-nearest and
/// GPTQ at 4 and 3 bits with groups of 128, with and without act-order; perplexity on the Lee
/// documents of text-eval, calibration on the disjoint Lee background corpus.
public enum GPTQPaper {
    public struct Config: Sendable {
        public var samples = 32
        public var sequenceLength = 512
        public var context = 512
        public var stride = 256
        /// Characters of the test text used (nil: all).
        public var testCharacters: Int?
        /// Also GPTQ without act-order (the quick form keeps act-order only).
        public var withoutActOrder = true
        /// Lee background articles calibrating MiniLM (each cut to its 256 tokens).
        public var encoderSamples = 300
        /// MiniLM's widths.
        public var encoderBits = [4, 3]

        public init() {}

        /// The quick form: 4 calibration segments of 128 tokens, the first 3,000 characters of
        /// the test text, GPTQ with act-order only; MiniLM at 4 bits, calibrated on 32 articles.
        public static var quick: Config {
            var c = Config()
            c.samples = 4
            c.sequenceLength = 128
            c.testCharacters = 3_000
            c.withoutActOrder = false
            c.encoderSamples = 32
            c.encoderBits = [4]
            return c
        }
    }

    /// A configuration to measure: method, bits, act-order.
    struct Variant {
        var method: TransformerQuantization.Method
        var bits: Int
        var actOrder: Bool

        var label: String {
            let name = method == .gptq ? "GPTQ" : "RTN"
            return "\(name) \(bits)-bit g128" + (actOrder ? " act-order" : "")
        }
    }

    static let variants = [
        Variant(method: .roundToNearest, bits: 4, actOrder: false), Variant(method: .gptq, bits: 4, actOrder: false),
        Variant(method: .gptq, bits: 4, actOrder: true), Variant(method: .roundToNearest, bits: 3, actOrder: false),
        Variant(method: .gptq, bits: 3, actOrder: false), Variant(method: .gptq, bits: 3, actOrder: true),
    ]

    /// Perplexity of the model stored in `gguf` on `ids` with the packed runtime.
    static func perplexity(_ gguf: GGUF, _ ids: [Int], _ config: Config, threads: Int) throws -> Double {
        let weights = try DecoderWeights(gguf: gguf)
        let runtime = try DecoderRuntime(weights: weights, capacity: config.context, threads: threads)
        return try Perplexity.measure(ids, context: config.context, stride: config.stride,
                                      vocabularySize: weights.configuration.vocabularySize) { tokens in
            runtime.reset()
            return try runtime(tokens, all: true)
        }.perplexity
    }

    /// The Lee background corpus (calibration) and the Lee documents (test), Latin-1 files.
    static func texts(_ context: ReproductionContext, _ config: Config) throws -> (calibration: String, test: String) {
        let folder = try DatasetRegistry.locate("text-eval", dataDir: context.dataDir)
        func read(_ name: String) throws -> String {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return String(data: data, encoding: .isoLatin1) ?? ""
        }
        let test = try read("lee.cor")
        return (try read("lee_background.cor"), config.testCharacters.map { String(test.prefix($0)) } ?? test)
    }
}
