import Foundation
import LanguageModels
import NeuralNetworks
import Quantization

/// Sung, Yadav, Li, Yoon & Bansal, "RSQ: Learning from Important Tokens Leads to Better
/// Quantized LLMs" (arXiv 2503.01820; papers.md §C15) on SmolLM2-135M-Instruct: GPTQ, GPTQ after
/// QuaRot's rotation, and RSQ (rotation plus attention-concentration token weights in [1, 3])
/// at 3 bits (and 4 in the full form), groups of 128 with act-order; perplexity on the Lee
/// documents, calibration on the Lee background corpus (as the gptq reproduction).
public enum RSQPaper {
    struct Variant {
        var label: String
        var bits: Int
        var rotate: Bool
        var tokenWeights: ClosedRange<Float>?
    }

    static func variants(quick: Bool) -> [Variant] {
        let bits = quick ? [3] : [3, 4]
        return bits.flatMap { b in
            [Variant(label: "GPTQ \(b)-bit g128 act-order", bits: b, rotate: false, tokenWeights: nil)]
                + (quick ? [] : [Variant(label: "rotated + GPTQ (QuaRot) \(b)-bit", bits: b, rotate: true, tokenWeights: nil)])
                + [Variant(label: "RSQ \(b)-bit (rotated, token weights 1–3)", bits: b, rotate: true, tokenWeights: 1...3)]
        }
    }

    enum Claims {
        static let rotationOnly = Reported("the baseline's (rotation changes no function)", value: nil, source: "QuaRot, papers.md §C15")
        static let gptq = Reported("RSQ < QuaRot < GPTQ (LLaMA-3, Mistral, Qwen-2.5 at 3 bits)", source: "papers.md §C15 [abs]")
        static let rsq = Reported("≤ GPTQ's at 3 bits (issue #21)", source: "issue #21; papers.md §C15 [abs]")
    }

    public static func run(_ config: GPTQPaper.Config, quick: Bool, _ context: ReproductionContext) throws -> ReproductionResult {
        let source = try GGUF(contentsOf: try LanguageModelCatalog.locateSmolLM2())
        let tokenizer = try ByteLevelBPE(gguf: source)
        let (calibrationText, testText) = try GPTQPaper.texts(context, config)
        let test = try tokenizer.encode(testText)
        let calibration = try CalibrationSegments.draw(from: tokenizer.encode(calibrationText), count: config.samples,
                                                       length: config.sequenceLength, seed: 0)
        var result = ReproductionResult()
        var began = Date()
        let base = try GPTQPaper.perplexity(source, test, config, threads: context.threads)
        result.rows.append(row("dequantised Q4_1 baseline", base, GPTQPaper.Claims.base, began))
        began = Date()
        let rotated = try DecoderRotation.rotate(try TransformerDecoder<Float>(gguf: source), seed: 0)
        let rotatedFile = try GGUF(QuantizedDecoderFile.encode(rotated, projections: .q8_0, source: source))
        result.rows.append(row("rotated, projections Q8_0", try GPTQPaper.perplexity(rotatedFile, test, config, threads: context.threads),
                               Claims.rotationOnly, began))
        var threeBit: (gptq: Double, rsq: Double) = (.nan, .nan)
        for variant in variants(quick: quick) {
            began = Date()
            var model = try TransformerDecoder<Float>(gguf: source)
            if variant.rotate { model = try DecoderRotation.rotate(model, seed: 0) }
            let quantization = TransformerQuantization(method: .gptq, gptq: GPTQ(
                bits: variant.bits, groupSize: 128, actOrder: true, staticGroups: true, halfPrecisionGrid: true, threads: context.threads),
                tokenWeights: variant.tokenWeights)
            let rounded = try quantization.quantize(model, calibration: calibration) { done, total in
                if done % 10 == 0 { context.log("rsq: \(variant.label): block \(done)/\(total)") }
            }
            let file = try GGUF(QuantizedDecoderFile.encode(model, rounded: rounded, source: source))
            let value = try GPTQPaper.perplexity(file, test, config, threads: context.threads)
            if variant.bits == 3 && !variant.rotate { threeBit.gptq = value }
            if variant.bits == 3 && variant.tokenWeights != nil { threeBit.rsq = value }
            context.log(String(format: "rsq: %@: perplexity %.3f", variant.label, value))
            result.rows.append(row(variant.label, value, variant.tokenWeights == nil ? Claims.gptq : Claims.rsq, began))
        }
        result.notes = notes(threeBit, config: config, testTokens: test.count)
        return result
    }

    static func row(_ label: String, _ value: Double, _ reported: Reported, _ began: Date) -> ResultRow {
        ResultRow(label: "smollm2-135m \(label)", metric: "perplexity", values: [value], unit: "", higherIsBetter: false,
                  reported: reported, seconds: Date().timeIntervalSince(began))
    }

    static func notes(_ threeBit: (gptq: Double, rsq: Double), config: GPTQPaper.Config, testTokens: Int) -> [String] {
        let (gptq, rsq) = threeBit
        return [
            String(format: "At 3 bits RSQ's perplexity is %.2f against GPTQ's %.2f (%@).", rsq, gptq,
                   rsq <= gptq ? "RSQ ≤ GPTQ" : "RSQ above GPTQ"),
            "Rotation: RMSNorm gains folded into the projections, the tied head untied (stored Q8_0 like the embedding), "
                + "the residual stream turned by a random Hadamard rotation of order 576 (Paley II 36 ⊗ Sylvester 16) and "
                + "each value head by one of order 64 (random signs, seed 0). All variants use act-order with static groups.",
            "Token weights: per block, the attention each calibration token receives summed over heads and queries, "
                + "min–max scaled into [1, 3] per sequence, multiplying its term of the Hessian.",
            "Test: the Lee documents (\(testTokens) tokens), windows of \(config.context) every \(config.stride); calibration: "
                + "\(config.samples) random \(config.sequenceLength)-token segments of the Lee background corpus.",
        ]
    }
}

extension Reproduction {
    static let rsq = Reproduction(
        name: "rsq",
        paper: PaperReference(title: "RSQ: Learning from Important Tokens Leads to Better Quantized LLMs",
                              arxiv: "2503.01820", citation: "Sung, Yadav, Li, Yoon & Bansal, 2025"),
        summary: "SmolLM2-135M: perplexity of GPTQ, rotated GPTQ (QuaRot) and RSQ at 3 and 4 bits (groups of 128, act-order)",
        quickForm: "3 bits only, without the rotation-only row, 4 calibration segments of 128 tokens, the first 3,000 characters of the test text",
        datasets: ["text-eval"], seeds: (full: 1, quick: 1)
    ) { context in
        try RSQPaper.run(context.quick ? .quick : GPTQPaper.Config(), quick: context.quick, context)
    }
}
