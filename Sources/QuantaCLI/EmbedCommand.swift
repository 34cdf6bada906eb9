import Foundation
import Quanta

/// `quanta embed --model FOLDER (--text FILE | --prompt TEXT)`: sentence embeddings.
struct EmbedCommand: Command {
    let name = "embed"
    let summary = "sentence embeddings with a sentence-transformers model (MiniLM): one line of numbers per input line"
    let usage = ["embed --model FOLDER (--text FILE | --prompt TEXT) [--similarity] [--json]"]
    let discussion = """
        FOLDER holds a sentence-transformers BERT model: config.json, model.safetensors, vocab.txt
        (sentence_bert_config.json, tokenizer_config.json, 1_Pooling and modules.json when present).
        Each non-empty line of the text file is embedded on its own: WordPiece ids with [CLS] and
        [SEP], cut to the model's max_seq_length, the last hidden states averaged over the
        positions and scaled to unit length. The embeddings are printed one per line,
        space-separated; --similarity prints the cosine similarity matrix instead.
        --json ends with {"lines": n, "dimension": d, "seconds": s}.
        """
    let sections = [
        OptionSection("Options", [
            Option("model", "FOLDER", "a sentence-transformers model folder (`quanta models list` says how to get MiniLM)"),
            LanguageModelOptions.text, LanguageModelOptions.prompt,
            Option.flag("similarity", "print the cosine similarities of every pair of lines instead"),
        ]),
        CommonOptions.section([CommonOptions.threads, CommonOptions.json]),
    ]

    struct Summary: Encodable {
        var lines: Int
        var dimension: Int
        var seconds: Double
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let folder = args.url("model") else { throw UsageError("--model FOLDER is required") }
        Threading.setThreads(try args.int("threads"))
        let lines = try LanguageModelOptions.inputText(args).split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { throw CommandError("the text has no non-empty line") }
        let model = try SentenceEncoder(folder: folder)
        let start = Date()
        let embeddings = try model.embed(lines)
        let seconds = Date().timeIntervalSince(start)
        let rows = args.flag("similarity")
            ? embeddings.map { a in embeddings.map { String(format: "%.6f", SentenceEncoder.cosine(a, $0)) } }
            : embeddings.map { $0.map { String(format: "%.7g", $0) } }
        io.out(rows.map { $0.joined(separator: " ") }.joined(separator: "\n"))
        io.err(String(format: "%d lines in %.2f s", lines.count, seconds))
        if args.flag("json") {
            io.out(try JSONLine.encode(Summary(lines: lines.count, dimension: embeddings[0].count, seconds: seconds)))
        }
        return 0
    }
}
