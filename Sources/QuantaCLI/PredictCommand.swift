import Foundation
import Quanta

/// `quanta predict`: the classes a checkpoint predicts for the user's own samples.
struct PredictCommand: Command {
    let name = "predict"
    let summary = "predict the classes of your own samples (CSV or .npy) with any checkpoint"
    let usage = ["predict --checkpoint FILE --input FILE.csv|FILE.npy [--out FILE.csv|FILE.jsonl] [--json]"]
    let discussion = """
        Runs the model in FILE — trained (a catalog model or a paper's quantum or hybrid model) or
        quantized (int8 or weight-only) — on the samples of --input: a CSV table with a header row
        and numeric columns (the class column the model was trained with is ignored when present),
        or a .npy array [N, …]. Samples are standardised as in training; paper models take their
        samples as they were prepared for training (the checkpoint's input shape).
        Each sample gives one row: row, class, label (the class's name), output_0 … (the model's
        outputs), as CSV or, with --json or an --out ending in .jsonl/.json, JSON lines.
        """
    let sections = [
        OptionSection("Options", [
            Option("checkpoint", "FILE", "a checkpoint from quanta train or quanta quantize --out"),
            Option("input", "FILE", "samples to predict: FILE.csv (header row) or FILE.npy"),
            Option("out", "FILE", "write the predictions here (default stdout)"),
            Option("batch-size", "N", "samples per forward pass", .int(1...1_000_000), default: "256"),
            Option.flag("json", "JSON lines instead of CSV"),
        ]),
        CommonOptions.section([CommonOptions.threads]),
    ]
    let epilogue = """
        Example:
          $ quanta train --dataset csv:flowers.csv --label-column species --save flowers.safetensors
          $ quanta predict --checkpoint flowers.safetensors --input new-flowers.csv --out predicted.csv
        """

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let checkpoint = args.url("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        guard let input = args.url("input") else { throw UsageError("--input FILE.csv|FILE.npy is required") }
        try OutputFiles.check(outputs: OutputFiles.given(args, ["out"]), inputs: OutputFiles.given(args, ["checkpoint", "input"]))
        Threading.setThreads(try args.int("threads"))
        let model = try CheckpointModel(checkpoint)
        let samples = try model.prepared(try UserData.inputs(input, labelColumn: model.spec.labelColumn), file: input.path)
        let json = args.flag("json") || ["jsonl", "json"].contains(args.url("out")?.pathExtension.lowercased() ?? "")
        var table = PredictionTable(json: json, model: model)
        let batch = try args.int("batch-size")
        for start in stride(from: 0, to: samples.shape[0], by: batch) {
            let rows = Array(start..<min(start + batch, samples.shape[0]))
            let outputs = model.outputs(samples.gatherRows(rows))
            if let scale = model.spec.targetNormalization {
                table.appendValues(outputs, firstRow: start, scale: scale)
            } else {
                table.append(outputs, firstRow: start)
            }
        }
        try table.write(to: args.url("out"), io: io)
        io.err("\(samples.shape[0]) predictions by the \(model.kind) \(model.spec.name) model"
            + (args.url("out").map { " written to \($0.path)" } ?? ""))
        return 0
    }
}

/// Predictions as CSV or JSON lines.
struct PredictionTable {
    let json: Bool
    let model: CheckpointModel
    var text = ""

    init(json: Bool, model: CheckpointModel) {
        self.json = json
        self.model = model
        if !json {
            let classes = model.spec.classes
            let columns = model.spec.isRegression ? (0..<classes).map { "value_\($0)" }
                : ["class", "label"] + (0..<classes).map { "output_\($0)" }
            text = (["row"] + columns).joined(separator: ",") + "\n"
        }
    }

    /// Regression outputs in the target's units, one line per row.
    mutating func appendValues(_ outputs: Tensor<Float>, firstRow: Int, scale: Normalization) {
        let width = outputs.shape[1]
        for i in 0..<outputs.shape[0] {
            let values = (0..<width).map { outputs.scalars[i * width + $0] * scale.std[$0 % scale.std.count] + scale.mean[$0 % scale.mean.count] }
            if json {
                text += "{\"row\":\(firstRow + i),\"values\":[" + values.map { "\($0)" }.joined(separator: ",") + "]}\n"
            } else {
                text += "\(firstRow + i)," + values.map { "\($0)" }.joined(separator: ",") + "\n"
            }
        }
    }

    /// One line per row of `outputs` [n, classes].
    mutating func append(_ outputs: Tensor<Float>, firstRow: Int) {
        let classes = outputs.shape[1]
        let best = outputs.argmax(axis: 1)
        for i in 0..<outputs.shape[0] {
            let values = (0..<classes).map { outputs.scalars[i * classes + $0] }
            let label = model.label(best[i])
            if json {
                let numbers = values.map { $0.isFinite ? "\($0)" : JSONLine.number(Double($0)) }.joined(separator: ",")
                let name = (try? JSONLine.encode(label)) ?? "\"\""
                text += "{\"class\":\(best[i]),\"label\":\(name),\"outputs\":[\(numbers)],\"row\":\(firstRow + i)}\n"
            } else {
                let quoted = label.contains(",") || label.contains("\"") ? "\"\(label.replacingOccurrences(of: "\"", with: "\"\""))\"" : label
                text += "\(firstRow + i),\(best[i]),\(quoted)," + values.map { "\($0)" }.joined(separator: ",") + "\n"
            }
        }
    }

    /// Writes to `url` atomically, or to stdout.
    func write(to url: URL?, io: Console) throws {
        guard let url else {
            io.outPart(text)
            return
        }
        try SafeTensors.writeAtomically(Data(text.utf8), to: url)
    }
}
