import Foundation
import Quanta

extension PredictCommand {
    /// A forecaster's prediction: the `--steps` values after the series (--input, or the data set
    /// it was trained on), each predicted from the last window of known and predicted values.
    func runForecast(_ model: CheckpointModel, forecaster: Forecaster, args: Arguments, io: Console) throws -> Int32 {
        let history = try forecastHistory(model.spec, forecaster: forecaster, args: args)
        let steps = try args.intIfGiven("steps") ?? forecaster.horizon
        let values = forecaster.rollout(history: history.values, steps: steps, model: model.outputs)
        let json = args.flag("json") || ["jsonl", "json"].contains(args.url("out")?.pathExtension.lowercased() ?? "")
        var text = json ? "" : "step," + (0..<forecaster.channels).map { forecaster.channels == 1 ? "value" : "value_\($0)" }
            .joined(separator: ",") + "\n"
        for s in 0..<steps {
            let row = values[(s * forecaster.channels)..<((s + 1) * forecaster.channels)].map { String($0) }
            text += json ? "{\"step\":\(s + 1),\"values\":[\(row.joined(separator: ","))]}\n" : "\(s + 1)," + row.joined(separator: ",") + "\n"
        }
        if let url = args.url("out") { try SafeTensors.writeAtomically(Data(text.utf8), to: url) } else { io.outPart(text) }
        io.err("\(steps) steps forecast by the \(model.kind) \(model.spec.name) model after the \(history.count) steps of \(history.source)"
            + (args.url("out").map { ", written to \($0.path)" } ?? ""))
        return 0
    }

    /// The known series [S, C]: the --input file (a CSV of C numeric columns or a .npy [S] / [S, C]),
    /// else the whole data set the model was trained on.
    func forecastHistory(_ spec: ModelSpec, forecaster: Forecaster, args: Arguments) throws -> (values: [Float], count: Int, source: String) {
        let series: Tensor<Float>
        let source: String
        if let input = args.url("input") {
            let ext = input.pathExtension.lowercased() == "npy" ? "npy" : "csv"
            series = try UserData.loadSeries("\(ext):\(input.path)").train.features
            source = input.path
        } else {
            guard let name = spec.dataset else { throw CommandError("the checkpoint names no data set: give --input SERIES.csv") }
            series = try DatasetRegistry.load(name, dataDir: args.url("data-dir")).train.features
            source = name
        }
        guard series.rank == 2, series.shape[1] == forecaster.channels else {
            throw CommandError("\(source) holds a series \(series.shape); the model forecasts \(forecaster.channels) channel(s)")
        }
        guard series.shape[0] >= forecaster.window else {
            throw CommandError("\(source) holds \(series.shape[0]) steps; the model reads windows of \(forecaster.window)")
        }
        if let bad = series.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CommandError("\(source) holds \(series.scalars[bad]) at step \(bad / forecaster.channels); forecasts need finite values")
        }
        return (series.scalars, series.shape[0], source)
    }
}
