import Foundation
import Quanta

/// `quanta tokenize --model FILE.gguf (--text FILE | --prompt TEXT)`.
struct TokenizeCommand: Command {
    let name = "tokenize"
    let summary = "token ids of text with a GGUF model's tokenizer or a WordPiece vocabulary (one line of ids per input line)"
    let usage = ["tokenize --model FILE.gguf (--text FILE | --prompt TEXT) [--json]",
                 "tokenize --vocab vocab.txt (--text FILE | --prompt TEXT) [--json]"]
    let discussion = """
        Each line of the text file (or the prompt) is encoded on its own, without its line
        break and without a beginning-of-sequence token; the ids are printed space-separated,
        one output line per input line. --vocab takes a BERT vocabulary (uncased WordPiece, as
        MiniLM's vocab.txt) instead of a GGUF model; [CLS] and [SEP] are not added.
        --json ends with {"lines": n, "tokens": total}.
        """
    let sections = [
        OptionSection("Options", [LanguageModelOptions.model, Option("vocab", "FILE", "a WordPiece vocabulary (one token per line)"),
                                  LanguageModelOptions.text, LanguageModelOptions.prompt]),
        CommonOptions.section([CommonOptions.json]),
    ]

    struct Summary: Encodable {
        var lines: Int
        var tokens: Int
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        let tokenizer: any Tokenizer = try args.url("vocab").map { try WordPiece(contentsOf: $0) }
            ?? ByteLevelBPE(gguf: try LanguageModelOptions.gguf(args))
        let lines = try LanguageModelOptions.inputText(args).split(separator: "\n", omittingEmptySubsequences: false)
        var total = 0
        var output = ""
        for line in lines {
            let ids = try tokenizer.encode(String(line))
            total += ids.count
            output += ids.map(String.init).joined(separator: " ") + "\n"
        }
        io.out(String(output.dropLast()))
        if args.flag("json") { io.out(try JSONLine.encode(Summary(lines: lines.count, tokens: total))) }
        return 0
    }
}

/// Options shared by the language-model commands.
enum LanguageModelOptions {
    static let model = Option("model", "FILE", "the model file (GGUF; `quanta models list` says how to get one)")
    static let text = Option("text", "FILE", "a UTF-8 text file")
    static let prompt = Option("prompt", "TEXT", "the text itself")

    static func gguf(_ args: Arguments) throws -> GGUF {
        guard let url = args.url("model") else { throw UsageError("--model FILE.gguf is required") }
        return try LanguageModelCatalog.openGGUF(url)
    }

    /// --prompt, or the contents of --text (which must exist, be UTF-8 and not be empty).
    static func inputText(_ args: Arguments) throws -> String {
        if let prompt = args.string("prompt") {
            guard !args.given("text") else { throw UsageError("give --text or --prompt, not both") }
            return prompt
        }
        guard let url = args.url("text") else { throw UsageError("--text FILE or --prompt TEXT is required") }
        return try readText(url)
    }

    /// A UTF-8 text file that exists and is not empty.
    static func readText(_ url: URL) throws -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CommandError("\(url.path): cannot read (\(error.localizedDescription))") }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandError("\(url.path): not UTF-8 text") }
        guard !text.isEmpty else { throw CommandError("\(url.path): the file is empty") }
        return text
    }
}
