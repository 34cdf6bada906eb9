import Foundation
import Quanta

/// `quanta perplexity --model FILE.gguf --text FILE`.
struct PerplexityCommand: Command {
    let name = "perplexity"
    let summary = "perplexity of a GGUF language model on a text file (sliding windows)"
    let usage = ["perplexity --model FILE.gguf --text FILE [--context N] [--stride N] [--threads T] [--json]"]
    let discussion = """
        The whole file is encoded with the model's tokenizer (its default encoding: a
        beginning-of-sequence token only when the file asks for one). Windows of --context
        tokens start every --stride tokens; each scores the tokens the previous one did not,
        as in Hugging Face's "perplexity of fixed-length models". Prints the perplexity, the
        mean negative log-likelihood and the token counts; --json ends stdout with them.
        """
    let sections = [
        OptionSection("Options", [
            LanguageModelOptions.model, LanguageModelOptions.text,
            Option("context", "N", "tokens per window", .int(2...1_000_000), default: "512"),
            Option("stride", "N", "tokens between window starts (at most --context)", .int(1...1_000_000),
                   default: "256 or --context"),
            Option.flag("float", "run the dequantised model in Float through the layer tree (the reference; slower) "
                + "instead of the packed weights with int8 activations"),
        ]),
        CommonOptions.section([CommonOptions.threads, CommonOptions.json]),
    ]

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard !args.given("prompt") else { throw UsageError("perplexity reads --text FILE") }
        let context = try args.int("context")
        let stride = try args.intIfGiven("stride") ?? min(256, context)
        guard stride <= context else { throw UsageError("--stride \(stride) is larger than --context \(context)") }
        let text = try LanguageModelOptions.inputText(args)
        let gguf = try LanguageModelOptions.gguf(args)
        let tokenizer = try ByteLevelBPE(gguf: gguf)
        let weights = try DecoderWeights(gguf: gguf)
        var ids = try tokenizer.encode(text)
        if tokenizer.addsBOS, let bos = tokenizer.bos { ids.insert(bos, at: 0) }
        guard ids.count >= 2 else { throw CommandError("the text encodes to \(ids.count) token(s); perplexity needs two or more") }
        let window = min(context, weights.configuration.contextLength)
        let threads = try args.int("threads")
        let logits = try Self.logits(gguf, weights: weights, window: window, threads: threads, float: args.flag("float"))
        let start = Date()
        var lastReport = start
        let result = try Perplexity.measure(ids, context: window, stride: min(stride, window),
                                            vocabularySize: weights.configuration.vocabularySize,
                                            logits: logits,
                                            progress: { done, total in
                                                let line = String(format: "window %d/%d  %.0f s", done, total,
                                                                  Date().timeIntervalSince(start))
                                                if io.isTerminal {
                                                    io.errInline("\r" + line + (done == total ? "\n" : ""))
                                                } else if done == total || Date().timeIntervalSince(lastReport) >= 10 {
                                                    io.err(line)
                                                    lastReport = Date()
                                                }
                                            })
        io.out(String(format: "perplexity %.4f  (mean NLL %.5f nats over %d scored tokens of %d; %d windows of %d, stride %d)",
                      result.perplexity, result.meanNLL, result.scored, result.tokens, result.windows, window, stride))
        if args.flag("json") { io.out(try JSONLine.encode(result)) }
        return 0
    }

    /// Every position's logits for a fresh window: the packed runtime, or the Float layer tree.
    static func logits(_ gguf: GGUF, weights: DecoderWeights, window: Int, threads: Int,
                       float: Bool) throws -> ([Int]) throws -> [Float] {
        guard float else {
            let runtime = try DecoderRuntime(weights: weights, capacity: window, threads: threads)
            return { tokens in
                runtime.reset()
                return try runtime(tokens, all: true)
            }
        }
        Threading.setThreads(threads)
        let model = try TransformerDecoder<Float>(gguf: gguf)
        return { tokens in model(tokens: tokens).value.scalars }
    }
}
