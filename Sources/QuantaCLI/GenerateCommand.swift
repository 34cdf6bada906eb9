import Foundation
import Quanta

/// `quanta generate --model FILE.gguf --prompt TEXT`.
struct GenerateCommand: Command {
    let name = "generate"
    let summary = "continue a prompt with a GGUF language model, streaming the text"
    let usage = ["generate --model FILE.gguf --prompt TEXT [--max-tokens N] [--temperature T] [--top-p P] [--seed S] [--threads T] [--json]"]
    let discussion = """
        The prompt is encoded with the model's tokenizer (with its beginning-of-sequence token
        when the file asks for one) and continued until --max-tokens tokens or the
        end-of-sequence token. Temperature 0 is greedy decoding; otherwise tokens are sampled
        from the top-p nucleus of softmax(logits / T), seeded. The weights stay in their file
        encoding (4/8-bit blocks × int8 activations). Speeds go to stderr; --json ends stdout
        with the token counts and tokens per second.
        """
    let sections = [
        OptionSection("Options", [
            LanguageModelOptions.model, LanguageModelOptions.prompt,
            Option("max-tokens", "N", "tokens to generate", .int(1...100_000), default: "64"),
            Option("temperature", "T", "softmax temperature (0: greedy)", .double(0...100), default: "0"),
            Option("top-p", "P", "nucleus mass kept when sampling", .double(0.001...1), default: "1"),
            Option("context", "N", "the most positions held (prompt + generated; default the model's, at most 4096)",
                   .int(2...1_000_000)),
        ]),
        CommonOptions.section([CommonOptions.seed, CommonOptions.threads, CommonOptions.json]),
    ]

    struct Summary: Encodable {
        var promptTokens: Int
        var generatedTokens: Int
        var prefillTokensPerSecond: Double
        var decodeTokensPerSecond: Double
        var threads: Int
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let prompt = args.string("prompt") else { throw UsageError("--prompt TEXT is required") }
        let gguf = try LanguageModelOptions.gguf(args)
        let tokenizer = try ByteLevelBPE(gguf: gguf)
        let weights = try DecoderWeights(gguf: gguf)
        let maxTokens = try args.int("max-tokens")
        let threads = try args.int("threads")
        var ids = try tokenizer.encode(prompt)
        if tokenizer.addsBOS, let bos = tokenizer.bos { ids.insert(bos, at: 0) }
        guard !ids.isEmpty else { throw CommandError("the prompt encodes to no tokens") }
        let context = try args.intIfGiven("context") ?? min(weights.configuration.contextLength, 4096)
        guard ids.count + maxTokens <= context else {
            throw UsageError("the prompt (\(ids.count) tokens) and --max-tokens \(maxTokens) exceed the context of \(context) positions")
        }
        let runtime = try DecoderRuntime(weights: weights, capacity: ids.count + maxTokens, threads: threads)
        var sampler = Sampler(temperature: try args.double("temperature"), topP: try args.double("top-p"), seed: try args.seed())
        var text = StreamingText()
        io.outPart(prompt)
        let start = Date()
        var logits = try runtime(ids)
        let prefill = Date().timeIntervalSince(start)
        var generated = 0
        let decodeStart = Date()
        while generated < maxTokens {
            let next = sampler.next(logits)
            if next == tokenizer.eos { break }
            generated += 1
            io.outPart(text.append(tokenizer.tokenBytes[next]))
            if generated == maxTokens { break }
            logits = try runtime([next])
        }
        io.out(text.finish())
        let decode = Date().timeIntervalSince(decodeStart)
        let summary = Summary(promptTokens: ids.count, generatedTokens: generated,
                              prefillTokensPerSecond: Double(ids.count) / prefill,
                              decodeTokensPerSecond: generated > 1 ? Double(generated - 1) / decode : 0, threads: threads)
        io.err(String(format: "prompt %d tokens: %.1f tokens/s; generated %d tokens: %.1f tokens/s (%d thread%@)",
                      ids.count, summary.prefillTokensPerSecond, generated, summary.decodeTokensPerSecond, threads,
                      threads == 1 ? "" : "s"))
        if args.flag("json") { io.out(try JSONLine.encode(summary)) }
        return 0
    }
}
