import Foundation
import Quanta

/// `quanta predict`: the classes a checkpoint predicts for the user's own samples.
struct PredictCommand: Command {
    let name = "predict"
    let summary = "predict the classes of your own samples (CSV or .npy) with any checkpoint"
    let usage = ["predict --checkpoint FILE --input FILE.csv|FILE.npy [--out FILE.csv|FILE.jsonl] [--json]",
                 "predict --checkpoint FORECASTER [--input SERIES.csv|SERIES.npy] [--steps K] [--out FILE] [--json]"]
    let discussion = """
        Runs the model in FILE — trained (a catalog model or a paper's quantum or hybrid model) or
        quantized (int8 or weight-only) — on the samples of --input: a CSV table with a header row
        and numeric columns (the class column the model was trained with is ignored when present),
        or a .npy array [N, …]. Samples are standardised as in training; paper models take their
        samples as they were prepared for training (the checkpoint's input shape).
        Each sample gives one row: row, class, label (the class's name), output_0 … (the model's
        outputs), as CSV or, with --json or an --out ending in .jsonl/.json, JSON lines.
        A forecaster (trained with --task forecast) continues a series instead: the --steps values
        after --input (a CSV of the series' numeric columns, or a .npy [T] or [T, C]; default the
        series it was trained on), each step predicted from the last window of known and already
        predicted values (autoregressive); rows: step, value.
        """
    let sections = [
        OptionSection("Options", [
            Option("checkpoint", "FILE", "a checkpoint from quanta train or quanta quantize --out"),
            Option("input", "FILE", "samples to predict: FILE.csv (header row) or FILE.npy"),
            Option("out", "FILE", "write the predictions here (default stdout)"),
            Option("batch-size", "N", "samples per forward pass", .int(1...1_000_000), default: "256"),
            Option("steps", "K", "a forecaster: steps to forecast", .int(1...1_000_000), default: "its horizon"),
            Option.flag("json", "JSON lines instead of CSV"),
        ]),
        CommonOptions.section([CommonOptions.threads, CommonOptions.dataDir]),
    ]
    let epilogue = """
        Example:
          $ quanta train --dataset csv:flowers.csv --label-column species --save flowers.safetensors
          $ quanta predict --checkpoint flowers.safetensors --input new-flowers.csv --out predicted.csv
        """

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let checkpoint = args.url("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        try OutputFiles.check(outputs: OutputFiles.given(args, ["out"]), inputs: OutputFiles.given(args, ["checkpoint", "input"]))
        Threading.setThreads(try args.int("threads"))
        let model = try CheckpointModel(checkpoint)
        if let forecaster = Forecaster(model.spec) { return try runForecast(model, forecaster: forecaster, args: args, io: io) }
        if args.given("steps") { throw UsageError("--steps is for forecasters (models trained with --task forecast)") }
        guard let input = args.url("input") else { throw UsageError("--input FILE.csv|FILE.npy is required") }
        let samples = try model.prepared(try UserData.inputs(input, labelColumn: model.spec.labelColumn), file: input.path)
        let json = args.flag("json") || ["jsonl", "json"].contains(args.url("out")?.pathExtension.lowercased() ?? "")
        var table = PredictionTable(json: json, model: model)
        let batch = try args.int("batch-size")
        for start in stride(from: 0, to: samples.shape[0], by: batch) {
            let rows = Array(start..<min(start + batch, samples.shape[0]))
            table.append(model.outputs(samples.gatherRows(rows)), firstRow: start)
        }
        try table.write(to: args.url("out"), io: io)
        io.err("\(samples.shape[0]) predictions by the \(model.kind) \(model.spec.name) model"
            + (args.url("out").map { " written to \($0.path)" } ?? ""))
        return 0
    }
}
