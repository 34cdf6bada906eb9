import Datasets
import Foundation

/// A series as Chen et al.'s recurrent-network codes prepare it: min-max scaled to [−1, 1]
/// over the whole series, windows of W steps predicting the next one (the last window dropped,
/// as their `transform_data_single_predict` does), the first `trainFraction` of the windows for
/// training, the rest for testing; optionally the last `validationFraction` of the training
/// windows held out (chronologically) to pick epochs.
struct ScaledSeries {
    /// The scaled series.
    var values: [Float]
    var window: Int
    var train: LabeledData
    var validation: LabeledData?
    var test: LabeledData
    /// The index in `values` of the first test target.
    var testStart: Int

    init(_ series: [Double], window: Int, trainFraction: Double, validationFraction: Double = 0) throws {
        guard series.count > window + 2, series.allSatisfy({ $0.isFinite }) else {
            throw ReproductionError.invalidSetting("a series of \(series.count) finite values is too short for windows of \(window)")
        }
        let lo = series.min()!, hi = series.max()!
        values = series.map { Float(2 * ($0 - lo) / Swift.max(hi - lo, 1e-12) - 1) }
        self.window = window
        let count = values.count - window - 1
        let trainEnd = Int(trainFraction * Double(count))
        let validationStart = trainEnd - Int(validationFraction * Double(trainEnd))
        train = try Self.windows(values, window, 0..<validationStart)
        validation = validationStart < trainEnd ? try Self.windows(values, window, validationStart..<trainEnd) : nil
        test = try Self.windows(values, window, trainEnd..<count)
        testStart = trainEnd + window
    }

    /// Windows starting at `starts`: features [N, W], targets [N, 1].
    static func windows(_ v: [Float], _ w: Int, _ starts: Range<Int>) throws -> LabeledData {
        let part = DataSplit(features: Tensor(shape: [starts.count + w, 1], scalars: Array(v[starts.lowerBound..<(starts.upperBound + w)])))
        let cut = try part.windows(length: w, horizon: 1)
        return LabeledData(features: cut.features, targets: cut.targets!)
    }

    /// The test targets.
    var testTruth: [Float] { test.targets!.scalars }
}
