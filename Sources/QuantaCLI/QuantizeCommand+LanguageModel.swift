import Foundation
import Quanta

extension QuantizeCommand {
    /// `quantize --model FILE.gguf --method rtn|gptq|rsq`: rounds the projections and writes a GGUF.
    func quantizeLanguageModel(_ args: Arguments, io: Console) throws -> Int32 {
        let rsq = args.string("method") == "rsq"
        let method = try (rsq ? .gptq : args.string("method").flatMap { TransformerQuantization.Method(rawValue: $0) })
            ?? { throw UsageError("--model takes --method rtn, gptq or rsq") }()
        guard let out = args.url("out") else { throw UsageError("--out FILE.gguf is required with --model") }
        try OutputFiles.check(outputs: OutputFiles.given(args, ["out"]), inputs: OutputFiles.given(args, ["model", "calibration"]))
        if let format = args.string("format") {
            guard method == .roundToNearest else { throw UsageError("--format goes with --method rtn") }
            return try convertLanguageModel(args, format: format, to: out, io: io)
        }
        let bits = try args.intIfGiven("weight-bits") ?? args.intIfGiven("bits") ?? 4
        guard (2...4).contains(bits) else { throw UsageError("--weight-bits \(bits): language models take 2, 3 or 4") }
        let group = try args.intIfGiven("group-size") ?? 128
        let threads = try args.int("threads")
        Threading.setThreads(threads)
        let gguf = try LanguageModelOptions.gguf(args)
        let tokenizer = try ByteLevelBPE(gguf: gguf)
        let actOrder = args.flag("act-order")
        var calibration: [[Int]] = []
        if method == .gptq {
            guard let url = args.url("calibration") else { throw UsageError("--method \(rsq ? "rsq" : "gptq") needs --calibration FILE (text)") }
            let text = try LanguageModelOptions.readText(url)
            calibration = try CalibrationSegments.draw(from: tokenizer.encode(text), count: try args.int("samples"),
                                                       length: try args.int("sequence-length"), seed: try args.seed())
        }
        var model = try TransformerDecoder<Float>(gguf: gguf)
        if rsq { model = try DecoderRotation.rotate(model, seed: try args.seed()) }
        let quantization = TransformerQuantization(method: method, gptq: GPTQ(
            bits: bits, groupSize: group, actOrder: actOrder, staticGroups: actOrder, damping: try args.double("damping"),
            halfPrecisionGrid: true, threads: threads),
            trueSequential: args.flag("true-sequential"), tokenWeights: rsq ? 1...3 : nil)
        let start = Date()
        let rounded = try quantization.quantize(model, calibration: calibration) { done, total in
            io.err(String(format: "block %d/%d  %.0f s", done, total, Date().timeIntervalSince(start)))
        }
        let data = try QuantizedDecoderFile.encode(model, rounded: rounded, source: gguf)
        try data.write(to: out, options: .atomic)
        io.out(String(format: "%@ %d-bit, group %d%@: %d projections in %.1f s; wrote %@ (%@)", rsq ? "rsq" : method.rawValue, bits, group,
                      actOrder ? ", act-order" : "", rounded.count, Date().timeIntervalSince(start), out.path,
                      MemoryBudget.describe(Double(data.count))))
        return 0
    }

    /// `quantize --model FILE.gguf --method rtn --format T`: every projection re-encoded in T.
    func convertLanguageModel(_ args: Arguments, format: String, to out: URL, io: Console) throws -> Int32 {
        guard let type = GGUF.TensorType(name: format) else { throw UsageError("--format \(format): q8_0, q4_0, q4_1 or f16") }
        let gguf = try LanguageModelOptions.gguf(args)
        let model = try TransformerDecoder<Float>(gguf: gguf)
        let start = Date()
        let data = try QuantizedDecoderFile.encode(model, projections: type, source: gguf)
        try data.write(to: out, options: .atomic)
        io.out(String(format: "rtn %@: %d projections in %.1f s; wrote %@ (%@)", format, model.blocks.flatMap(\.leaves).filter { $0.layer is Linear<Float> }.count,
                      Date().timeIntervalSince(start), out.path, MemoryBudget.describe(Double(data.count))))
        return 0
    }
}
