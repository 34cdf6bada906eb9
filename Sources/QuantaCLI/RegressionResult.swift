import Foundation
import Quanta

/// The JSON of a regression run (`train`, `eval`): errors in the target's own units.
struct RegressionResult: Encodable {
    var model: String
    var dataset: String
    var dataSource: String
    var task = "regression"
    var samples: Int
    /// Mean squared error (the loss), root mean squared error, mean absolute error, R².
    var testLoss: Double
    var testRmse: Double
    var testMae: Double
    var testR2: Double
    var parameters: Int
    var epochs: Int?
    var trainSeconds: Double?
    var bestValidationLoss: Double?
    var bestEpoch: Int?
    /// NMSE = MSE / Var(targets) = 1 − R².
    var testNmse: Double
    /// A forecaster: its window and horizon, and its free-running forecast of the test part.
    var window: Int?
    var horizon: Int?
    var freeRunningMse: Double?
    var freeRunningNmse: Double?

    init(_ report: RegressionReport, model: String, data: PreparedData, parameters: Int) {
        self.init(report, model: model, dataset: data.info.name, dataSource: data.info.location, parameters: parameters)
    }

    init(_ report: RegressionReport, model: String, dataset: String, dataSource: String, parameters: Int) {
        self.model = model
        self.dataset = dataset
        self.dataSource = dataSource
        samples = report.samples
        testLoss = report.meanSquaredError
        testRmse = report.rootMeanSquaredError
        testMae = report.meanAbsoluteError
        testR2 = report.r2
        testNmse = report.normalizedMeanSquaredError
        self.parameters = parameters
    }

    /// Adds a forecaster's window, horizon and free-running errors.
    mutating func addForecast(_ series: ForecastSeries, freeRunning: RegressionReport) {
        task = "forecast"
        window = series.window
        horizon = series.horizon
        freeRunningMse = freeRunning.meanSquaredError
        freeRunningNmse = freeRunning.normalizedMeanSquaredError
    }

    /// The free-running forecast of the test part by `model` (standardised windows in and out).
    static func freeRunning(_ model: any Layer<Float>, _ series: ForecastSeries) -> RegressionReport {
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        let (predicted, truth) = series.freeRunningTest { model($0) }
        return RegressionReport(predicted: predicted.map(Double.init), truth: truth.map(Double.init))
    }

    /// The report of `model` on `data`'s test part, in the target's units.
    static func evaluate(_ model: any Layer<Float>, _ data: PreparedData, batchSize: Int = 256) -> RegressionReport {
        let t = data.targetNormalization!
        return evaluateRegression(model, data.test, batchSize: batchSize, scale: (Double(t.mean[0]), Double(t.std[0])))
    }

    /// "test RMSE 0.123  MAE 0.100  R² 0.950 (120 samples)".
    static func line(_ r: RegressionReport) -> String {
        String(format: "test RMSE %.4g  MAE %.4g  R² %.4f  NMSE %.4g  (%d samples)", r.rootMeanSquaredError, r.meanAbsoluteError, r.r2,
               r.normalizedMeanSquaredError, r.samples)
    }

    /// "free-running forecast of the 79 test steps: MSE 0.012  NMSE 0.034".
    static func freeRunningLine(_ r: RegressionReport) -> String {
        String(format: "free-running forecast of the %d test steps: MSE %.4g  NMSE %.4g", r.samples, r.meanSquaredError,
               r.normalizedMeanSquaredError)
    }
}

extension TrainCommand {
    /// Test errors, best validation epoch and the JSON line of a regression run.
    func reportRegression(_ model: Sequential<Float>, spec: ModelSpec, data: PreparedData, trainer: Trainer<Float>,
                          seconds: Double, json: Bool, io: Console) throws {
        let report = RegressionResult.evaluate(model, data)
        io.out(RegressionResult.line(report) + String(format: "  (%d epochs, %.1f s training)", trainer.state.epoch, seconds))
        let freeRunning = data.forecast.map { RegressionResult.freeRunning(model, $0) }
        if let freeRunning { io.out(RegressionResult.freeRunningLine(freeRunning)) }
        let state = trainer.state
        guard json else { return }
        var result = RegressionResult(report, model: spec.name, data: data, parameters: model.parameterCount)
        if let series = data.forecast, let freeRunning { result.addForecast(series, freeRunning: freeRunning) }
        result.epochs = state.epoch
        result.trainSeconds = seconds
        if state.bestEpoch > 0 {
            result.bestValidationLoss = -state.bestAccuracy
            result.bestEpoch = state.bestEpoch
        }
        io.out(try JSONLine.encode(result))
    }
}
