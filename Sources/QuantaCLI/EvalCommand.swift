import Foundation
import Quanta
import Reproductions

/// `quanta eval`: evaluates a checkpoint on a data set's test part.
struct EvalCommand: Command {
    let name = "eval"
    let summary = "evaluate a checkpoint: test accuracy, loss, per-class accuracy, confusion matrix"
    let usage = ["eval --checkpoint FILE [--dataset NAME] [--data-dir DIR] [--batch-size N] [--json]"]
    let discussion = """
        Rebuilds the model stored in FILE (written by quanta train, or a model written by quanta
        quantize --out: an integer model (ptq, qat) runs on the int8 path, a weight-only model (rtn)
        dequantises its packed weights on the fly), loads its weights and evaluates it on the test
        part of the data set it was trained on (or --dataset NAME), using the same seeded split as
        training when the set has no test split of its own. A paper model is rebuilt from the
        configuration stored beside its weights.
        """
    let sections = [
        OptionSection("Options", [
            Option("checkpoint", "FILE", "a safetensors checkpoint from quanta train or quanta quantize --out"),
            Option("dataset", "NAME", "the data set", default: "the checkpoint's"),
            Option("batch-size", "N", "evaluation batch", .int(1...1_000_000), default: "256"),
        ]),
        CommonOptions.section([CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json]),
    ]

    /// `--json`.
    struct Result: Encodable {
        var model: String
        var dataset: String
        var dataSource: String
        var testAccuracy: Double
        var testLoss: Double
        var samples: Int
        var perClassAccuracy: [Double]
        var confusion: [[Int]]
        var parameters: Int?
        var modelBytes: Int?
        var quantized: Bool
        var weightOnly: Bool
        /// Weight-only layers with quantized inputs (quantize --method hawq).
        var mixedPrecision = false
        var evalSeconds: Double
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let path = args.string("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        Threading.setThreads(try args.int("threads"))
        let batchSize = try args.int("batch-size")
        let url = URL(fileURLWithPath: path)
        let metadata = try Checkpoint.metadata(of: url)
        let spec = try ModelCatalog.spec(in: metadata, file: path)
        if metadata[PaperModel.metadataKey] != nil {
            return try evaluatePaperModel(spec, metadata: metadata, url: url, args: args, batchSize: batchSize, io: io)
        }
        let data = try PreparedData.forCheckpoint(spec, metadata: metadata, file: path, args: args)
        if spec.isRegression { return try evaluateRegression(spec, url: url, data: data, batchSize: batchSize, args: args, io: io) }
        let start = Date()
        let model = try CheckpointModel(url, metadata: metadata, spec: spec)
        var result = Self.result(evaluate(data.test, batchSize: batchSize, logits: model.outputs), spec.name, data.info.name)
        result.parameters = model.parameters
        result.modelBytes = model.byteCount
        result.quantized = model.isQuantized
        result.weightOnly = model.kind == "weight-only" || model.kind == "mixed-precision"
        result.mixedPrecision = model.kind == "mixed-precision"
        result.evalSeconds = Date().timeIntervalSince(start)
        result.dataSource = data.info.location
        try Self.print(result, loss: true, io: io, json: args.flag("json"))
        return 0
    }

    /// A regression model: errors in the target's units on the test part.
    func evaluateRegression(_ spec: ModelSpec, url: URL, data: PreparedData, batchSize: Int, args: Arguments,
                            io: Console) throws -> Int32 {
        let model = try ModelCatalog.build(spec)
        try Checkpoint.load(into: model, from: url)
        let report = RegressionResult.evaluate(model, data, batchSize: batchSize)
        io.err("\(data.info.name) read from \(data.info.location)")
        io.out("\(spec.name) on \(data.info.name) " + RegressionResult.line(report))
        let freeRunning = data.forecast.map { RegressionResult.freeRunning(model, $0) }
        if let freeRunning { io.out(RegressionResult.freeRunningLine(freeRunning)) }
        if args.flag("json") {
            var result = RegressionResult(report, model: spec.name, data: data, parameters: model.parameterCount)
            if let series = data.forecast, let freeRunning { result.addForecast(series, freeRunning: freeRunning) }
            io.out(try JSONLine.encode(result))
        }
        return 0
    }

    /// A paper model: rebuilt from its stored configuration and evaluated on that configuration's
    /// test part (the same seeded selection as training).
    func evaluatePaperModel(_ spec: ModelSpec, metadata: [String: String], url: URL, args: Arguments, batchSize: Int,
                            io: Console) throws -> Int32 {
        let paper = try PaperData(url, metadata: metadata, spec: spec, args: args)
        let model = try CheckpointModel(url, metadata: metadata, spec: spec)
        if paper.experiment.isRegression {
            let report = Quanta.evaluateRegression(paper.test, batchSize: batchSize, outputs: model.outputs)
            io.err("\(paper.dataset) read from \(paper.source)")
            io.out("\(spec.name) on \(paper.dataset) " + RegressionResult.line(report))
            guard args.flag("json") else { return 0 }
            let result = RegressionResult(report, model: spec.name, dataset: paper.dataset, dataSource: paper.source,
                                          parameters: model.parameters)
            io.out(try JSONLine.encode(result))
            return 0
        }
        let start = Date()
        let report = evaluate(paper.test, batchSize: batchSize, loss: paper.experiment.loss, logits: model.outputs)
        var result = Self.result(report, spec.name, paper.dataset)
        result.dataSource = paper.source
        result.parameters = model.parameters
        result.modelBytes = model.byteCount
        result.quantized = model.isQuantized
        result.weightOnly = model.kind == "weight-only" || model.kind == "mixed-precision"
        result.mixedPrecision = model.kind == "mixed-precision"
        result.evalSeconds = Date().timeIntervalSince(start)
        try Self.print(result, loss: true, io: io, json: args.flag("json"))
        return 0
    }

    static func result(_ report: ClassificationReport, _ model: String, _ dataset: String) -> Result {
        Result(model: model, dataset: dataset, dataSource: "", testAccuracy: report.metrics.accuracy, testLoss: report.metrics.loss,
               samples: report.metrics.samples, perClassAccuracy: report.perClassAccuracy.map { $0 ?? -1 },
               confusion: report.confusion, parameters: nil, modelBytes: nil, quantized: false, weightOnly: false,
               evalSeconds: 0)
    }

    /// The summary line, per-class accuracies and the JSON line.
    static func print(_ r: Result, loss: Bool, io: Console, json: Bool) throws {
        io.err("\(r.dataset) read from \(r.dataSource)")
        let kind = r.mixedPrecision ? " (mixed-precision)" : r.weightOnly ? " (weight-only)" : r.quantized ? " (quantized)" : ""
        let lossText = loss ? String(format: "  loss %.4f", r.testLoss) : ""
        io.out(String(format: "%@%@ on %@ test (%d samples): accuracy %.2f%%%@  (%.2f s)", r.model, kind, r.dataset, r.samples,
                      100 * r.testAccuracy, lossText, r.evalSeconds))
        for (c, accuracy) in r.perClassAccuracy.enumerated() {
            io.out(String(format: "  class %2d  %@", c, accuracy >= 0 ? String(format: "%.2f%%", 100 * accuracy) : "no samples"))
        }
        if json { io.out(try JSONLine.encode(r)) }
    }
}
