import Foundation
import Quanta

/// `quanta eval`: evaluates a checkpoint on a data set's test part.
struct EvalCommand: Command {
    let name = "eval"
    let summary = "evaluate a checkpoint: test accuracy, loss, per-class accuracy, confusion matrix"
    var help: String {
        """
        Usage: quanta eval --checkpoint FILE [--dataset NAME] [--data-dir DIR] [--batch-size N] [--json]

        Rebuilds the model stored in FILE (written by quanta train, or a model written by quanta
        quantize --out: an integer model (ptq, qat) runs on the int8 path, a weight-only model (rtn)
        dequantises its packed weights on the fly), loads its weights and evaluates
        it on the test part of the data set it was trained on (or --dataset NAME), using the same
        seeded split as training when the set has no test split of its own.

          --checkpoint FILE   a safetensors checkpoint from quanta train or quanta quantize --out
          --dataset NAME      default: the checkpoint's data set
          --data-dir DIR      data root (also $QUANTA_DATA)
          --batch-size N      evaluation batch (default 256)
          --threads T         threads (default 1)
          --json              end stdout with one JSON object: test_accuracy, test_loss, samples,
                              per_class_accuracy, confusion, parameters
        """
    }

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: ["checkpoint", "dataset", "data-dir", "batch-size", "threads"], flagOptions: ["json"])
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        guard let path = args.string("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        Threading.setThreads(try args.int("threads", default: 1, in: 1...256))
        let batchSize = try args.int("batch-size", default: 256, in: 1...1_000_000)
        let url = URL(fileURLWithPath: path)
        let metadata = try Checkpoint.metadata(of: url)
        let spec = try ModelCatalog.spec(in: metadata, file: path)
        if PaperRecipe.models.contains(spec.name) {
            return try evaluateQuantum(spec, metadata: metadata, url: url, args: args, batchSize: batchSize, io: io)
        }
        let data = try PreparedData.forCheckpoint(spec, metadata: metadata, file: path, args: args)
        let dataset = data.info.name
        // A quantized file (quanta quantize --out) runs on the integer path, a weight-only one is loaded into
        // its rebuilt float architecture; a float checkpoint rebuilds its model.
        let quantized = metadata[QuantizedModel.formatKey] == QuantizedModel.formatVersion
        let weightOnly = WeightOnlyQuantization.isWeightOnly(metadata)
        let start: Date, report: ClassificationReport, size: (key: String, value: Int)
        if quantized {
            let model = try QuantizedModel.load(url).model
            start = Date()
            report = evaluate(data.test, batchSize: batchSize, logits: model.predict)
            size = ("model_bytes", model.byteCount)
        } else if weightOnly {
            let model = try WeightOnlyQuantization.load(url, into: try ModelCatalog.build(spec)).model
            start = Date()
            report = evaluate(model, data.test, batchSize: batchSize)
            size = ("model_bytes", WeightOnlyQuantization.byteCount(model))
        } else {
            let model = try ModelCatalog.build(spec)
            try Checkpoint.load(into: model, from: url)
            start = Date()
            report = evaluate(model, data.test, batchSize: batchSize)
            size = ("parameters", model.parameterCount)
        }
        let seconds = Date().timeIntervalSince(start)
        io.out(String(format: "%@%@ on %@ test (%d samples): accuracy %.2f%%  loss %.4f  (%.2f s)", spec.name, quantized ? " (quantized)" : weightOnly ? " (weight-only)" : "",
                      dataset, report.metrics.samples, 100 * report.metrics.accuracy, report.metrics.loss, seconds))
        for (c, accuracy) in report.perClassAccuracy.enumerated() {
            io.out(String(format: "  class %2d  %@", c, accuracy.map { String(format: "%.2f%%", 100 * $0) } ?? "no samples"))
        }
        if args.flag("json") {
            io.out(try JSONLineText.encode([
                "model": spec.name, "dataset": dataset, "test_accuracy": report.metrics.accuracy, "test_loss": report.metrics.loss,
                "samples": report.metrics.samples, "per_class_accuracy": report.perClassAccuracy.map { $0 ?? -1 },
                "confusion": report.confusion, size.key: size.value, "quantized": quantized || weightOnly, "weight_only": weightOnly,
                "eval_seconds": seconds,
            ]))
        }
        return 0
    }
}
