import Datasets
import Foundation
import NeuralNetworks

/// A series cut for forecasting: its values, where the training, validation and test parts end,
/// the window geometry, and the per-channel standardisation fitted on the training part only.
///
/// A sample is a window of W consecutive steps, its target the H steps after it. A window
/// belongs to the part its target starts in; its inputs may reach back into earlier parts (they
/// are the past, known when forecasting), so no target is ever an input of an earlier part.
public struct ForecastSeries: Sendable, Equatable {
    /// [T, C] row-major, in the series' own units.
    public var values: [Float]
    public var channels: Int
    /// Targets in 0..<trainEnd train, trainEnd..<validationEnd validate, validationEnd..<T test.
    public var trainEnd: Int
    public var validationEnd: Int
    public var window: Int
    public var horizon: Int
    /// Per channel, over the training part.
    public var mean: [Float]
    public var std: [Float]

    public var steps: Int { values.count / channels }

    /// Cuts `series` [T, C]: the last `testFraction` of the steps test, `validationFraction` of the
    /// rest validation. Throws `DatasetError` for a non-finite value, `ModelZooError` (a usage
    /// problem) for a window not shorter than the series or a part not longer than the horizon.
    public init(_ series: Tensor<Float>, name: String, window: Int, horizon: Int, testFraction: Double,
                validationFraction: Double) throws {
        guard series.rank == 2, series.shape[0] > 0, series.shape[1] > 0 else {
            throw DatasetError.invalidArgument("\(name) is not a series [T, channels] (shape \(series.shape))")
        }
        let (t, c) = (series.shape[0], series.shape[1])
        if let bad = series.scalars.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError.invalidArgument("\(name) holds \(series.scalars[bad]) at step \(bad / c) (channel \(bad % c)); "
                + "forecasting needs finite values: fill or drop the gap first")
        }
        guard window >= 1, horizon >= 1 else { throw ModelZooError("--window and --horizon must be ≥ 1, got \(window) and \(horizon)") }
        guard window < t else {
            throw ModelZooError("--window \(window) is not shorter than \(name), a series of \(t) steps")
        }
        let test = Int((Double(t) * testFraction).rounded())
        let validation = Int((Double(t - test) * validationFraction).rounded())
        values = series.scalars
        channels = c
        validationEnd = t - test
        trainEnd = validationEnd - validation
        self.window = window
        self.horizon = horizon
        let statistics = Normalization.fit(Tensor(shape: [trainEnd, c], scalars: Array(series.scalars.prefix(trainEnd * c))))
        (mean, std) = (statistics.mean, statistics.std)
        try checkPart("test", validationEnd..<t, name: name)
        try checkPart("training", 0..<trainEnd, name: name)
        if validation > 0 { try checkPart("validation", trainEnd..<validationEnd, name: name) }
    }

    /// A part must be longer than the horizon and hold one horizon of targets after a full window.
    func checkPart(_ part: String, _ range: Range<Int>, name: String) throws {
        guard windowCount(targetsIn: range) <= 0 || range.count <= horizon else { return }
        throw ModelZooError("the \(part) part of \(name) holds steps \(range.lowerBound)..<\(range.upperBound) (\(range.count)); "
            + "a --horizon \(horizon) after a --window \(window) needs more (change --test-fraction, --window or --horizon)")
    }

    /// Windows whose targets start in `range` and end inside it.
    func windowCount(targetsIn range: Range<Int>) -> Int {
        range.upperBound - horizon - Swift.max(range.lowerBound, window) + 1
    }

    /// Samples of the part `range`, in original units: features [N, W] (C = 1) or [N, W, C],
    /// targets [N, H·C].
    public func windows(targetsIn range: Range<Int>) throws -> DataSplit {
        let n = Swift.max(windowCount(targetsIn: range), 0)
        let first = Swift.max(range.lowerBound, window) - window
        guard n > 0 else {
            return DataSplit(features: Tensor(shape: channels == 1 ? [0, window] : [0, window, channels], scalars: []),
                             targets: Tensor(shape: [0, horizon * channels], scalars: []))
        }
        let steps = n - 1 + window + horizon
        let part = DataSplit(features: Tensor(shape: [steps, channels], scalars: Array(values[(first * channels)..<((first + steps) * channels)])))
        let cut = try part.windows(length: window, horizon: horizon)
        return DataSplit(features: cut.features, targets: cut.targets!.reshaped([n, horizon * channels]))
    }

    /// The model's input standardisation: the series' statistics per window position (C = 1) or per channel.
    public var inputNormalization: Normalization {
        channels == 1 ? Normalization(mean: Array(repeating: mean[0], count: window), std: Array(repeating: std[0], count: window))
            : Normalization(mean: mean, std: std, channelAxis: 2)
    }

    /// The targets' standardisation: each of the H·C outputs by its channel's statistics.
    public var targetNormalization: Normalization {
        Normalization(mean: (0..<(horizon * channels)).map { mean[$0 % channels] },
                      std: (0..<(horizon * channels)).map { std[$0 % channels] })
    }

    /// The window geometry and statistics a model forecasts with.
    public var forecaster: Forecaster {
        Forecaster(window: window, horizon: horizon, channels: channels, mean: mean, std: std)
    }
}

extension ForecastSeries {
    /// The test part forecast free-running: from the steps before it, every value predicted from
    /// earlier predictions (`rollout`). Returns predictions and truth, [S, C] each, original units.
    public func freeRunningTest(model: (Tensor<Float>) -> Tensor<Float>) -> (predicted: [Float], truth: [Float]) {
        let history = Array(values[..<(validationEnd * channels)])
        let truth = Array(values[(validationEnd * channels)...])
        return (forecaster.rollout(history: history, steps: steps - validationEnd, model: model), truth)
    }
}
