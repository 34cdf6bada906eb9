import Foundation
import LanguageModels
import NeuralNetworks
import Quantization

extension Reproduction {
    static let gptq = Reproduction(
        name: "gptq",
        paper: PaperReference(title: "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
                              arxiv: "2210.17323", citation: "Frantar, Ashkboos, Hoefler & Alistarh, ICLR 2023"),
        summary: "SmolLM2-135M perplexity and MiniLM similarity correlations after RTN and GPTQ at 4 and 3 bits (groups of 128, ± act-order)",
        quickForm: "4 calibration segments of 128 tokens, the first 3,000 characters of the test text, GPTQ with act-order only; MiniLM at 4 bits, calibrated on 32 articles",
        datasets: ["text-eval"], seeds: (full: 1, quick: 1)
    ) { context in
        try GPTQPaper.run(context.quick ? .quick : GPTQPaper.Config(), context)
    }
}

extension GPTQPaper {
    enum Claims {
        static let base = Reported("27.65 (OPT-125M, FP16)", value: 27.65, source: "papers.md §C2 [mem], WikiText-2")
        static let rtn4 = Reported("37.28 (OPT-125M)", value: 37.28, source: "papers.md §C2 [mem]")
        static let gptq4 = Reported("31.12 (OPT-125M); increase ≤ ½ of RTN's (issue #21)", value: 31.12, source: "papers.md §C2 [mem]")
        static let rtn3 = Reported("≈ 1,300 (OPT-125M)", value: 1300, source: "papers.md §C2 [mem]")
        static let gptq3 = Reported("53.85 (OPT-125M)", value: 53.85, source: "papers.md §C2 [mem]")
        static let time = Reported("≤ 5 minutes on 2 cores (issue #21)", value: 300, source: "issue #21")
    }

    public static func run(_ config: Config, _ context: ReproductionContext) throws -> ReproductionResult {
        let url = try LanguageModelCatalog.locateSmolLM2()
        let source = try GGUF(contentsOf: url)
        let tokenizer = try ByteLevelBPE(gguf: source)
        let (calibrationText, testText) = try texts(context, config)
        let test = try tokenizer.encode(testText)
        let calibration = try CalibrationSegments.draw(from: tokenizer.encode(calibrationText), count: config.samples,
                                                       length: config.sequenceLength, seed: 0)
        context.log("gptq: \(test.count) test tokens, \(calibration.count) calibration segments of \(config.sequenceLength)")
        let start = Date()
        let base = try perplexity(source, test, config, threads: context.threads)
        var result = ReproductionResult()
        result.rows.append(row("dequantised Q4_1 baseline", base, Claims.base, seconds: Date().timeIntervalSince(start)))
        var increases: [String: Double] = [:]
        for variant in variants where config.withoutActOrder || variant.method != .gptq || variant.actOrder {
            let began = Date()
            let model = try TransformerDecoder<Float>(gguf: source)
            let quantization = TransformerQuantization(method: variant.method, gptq: GPTQ(
                bits: variant.bits, groupSize: 128, actOrder: variant.actOrder, staticGroups: variant.actOrder,
                halfPrecisionGrid: true, threads: context.threads))
            let rounded = try quantization.quantize(model, calibration: calibration) { done, total in
                if done % 10 == 0 { context.log("gptq: \(variant.label): block \(done)/\(total)") }
            }
            let quantizeSeconds = Date().timeIntervalSince(began)
            let file = try GGUF(QuantizedDecoderFile.encode(model, rounded: rounded, source: source))
            let value = try perplexity(file, test, config, threads: context.threads)
            increases[variant.label] = value - base
            context.log(String(format: "gptq: %@: perplexity %.3f (quantized in %.0f s)", variant.label, value, quantizeSeconds))
            let claim = variant.bits == 4 ? (variant.method == .gptq ? Claims.gptq4 : Claims.rtn4)
                                          : (variant.method == .gptq ? Claims.gptq3 : Claims.rtn3)
            result.rows.append(row(variant.label, value, claim, seconds: Date().timeIntervalSince(began)))
            if variant.method == .gptq && variant.bits == 4 && variant.actOrder {
                result.rows.append(ResultRow(label: "smollm2-135m GPTQ 4-bit g128 act-order, whole model", metric: "quantization time",
                                             values: [quantizeSeconds], unit: "s", higherIsBetter: false, reported: Claims.time,
                                             seconds: quantizeSeconds))
            }
        }
        result.rows += try miniLMRows(config, context)
        result.notes = notes(config, increases: increases, testTokens: test.count)
        return result
    }

    static func row(_ label: String, _ value: Double, _ reported: Reported, seconds: Double) -> ResultRow {
        ResultRow(label: "smollm2-135m \(label)", metric: "perplexity", values: [value], unit: "", higherIsBetter: false,
                  reported: reported, seconds: seconds)
    }

    static func notes(_ config: Config, increases: [String: Double], testTokens: Int) -> [String] {
        func ratio(_ gptq: String, _ rtn: String) -> String {
            guard let g = increases[gptq], let r = increases[rtn], r > 0 else { return "—" }
            return String(format: "%.2f", g / r)
        }
        return [
            "Perplexity increase over the dequantised model, GPTQ ÷ RTN at 4 bits: \(ratio("GPTQ 4-bit g128", "RTN 4-bit g128")) "
                + "(act-order: \(ratio("GPTQ 4-bit g128 act-order", "RTN 4-bit g128"))); at 3 bits: "
                + "\(ratio("GPTQ 3-bit g128", "RTN 3-bit g128")) (act-order: \(ratio("GPTQ 3-bit g128 act-order", "RTN 3-bit g128"))).",
            "Baseline: SmolLM2-135M-Instruct as shipped (Q4_1 projections, Q8_0 embedding) dequantised — the only weights "
                + "available offline; the quantized models re-round those weights onto grids of 128 columns (Float16 step "
                + "and offset, written as exact Q4_1 blocks). The paper's numbers are OPT-125M on WikiText-2 with FP16 weights.",
            "Test: the 50 Lee documents (\(testTokens) tokens), windows of \(config.context) every \(config.stride); "
                + "calibration: \(config.samples) random \(config.sequenceLength)-token segments of the Lee background corpus "
                + "(disjoint). Perplexity is computed by the packed runtime (int8 activations); the Float layer tree agrees "
                + "within 0.5 %.",
            "Act-order uses static groups (fitted before rounding) so each group stays 128 contiguous columns in the file.",
        ]
    }
}
