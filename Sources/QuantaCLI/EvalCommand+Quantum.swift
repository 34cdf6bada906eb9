import Foundation
import Quanta

extension EvalCommand {
    /// `quanta eval` for a quantum paper model: rebuilds it from the stored recipe, reloads its
    /// weights and evaluates on the recipe's test part (same seeded selection as training).
    func evaluateQuantum(_ spec: ModelSpec, metadata: [String: String], url: URL, args: Arguments, batchSize: Int, io: Console) throws -> Int32 {
        var recipe = try QuantumTrain.storedRecipe(metadata, file: url.path)
        if let dataset = args.string("dataset") { recipe.dataset = dataset }
        let (_, test) = try PaperData.prepare(recipe, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) }, seed: spec.seed)
        let model = try ModelCatalog.build(spec, recipe: recipe)
        try Checkpoint.load(into: model, from: url)
        let start = Date()
        let report = evaluate(model, test, batchSize: batchSize)
        let seconds = Date().timeIntervalSince(start)
        io.out(String(format: "%@ on %@ test (%d samples): accuracy %.2f%%  (%.2f s)", spec.name, recipe.dataset,
                      report.metrics.samples, 100 * report.metrics.accuracy, seconds))
        if args.flag("json") {
            io.out(try JSONLineText.encode([
                "model": spec.name, "dataset": recipe.dataset, "test_accuracy": report.metrics.accuracy, "samples": report.metrics.samples,
                "per_class_accuracy": report.perClassAccuracy.map { $0 ?? -1 }, "confusion": report.confusion,
                "parameters": model.parameterCount, "eval_seconds": seconds,
            ]))
        }
        return 0
    }
}
