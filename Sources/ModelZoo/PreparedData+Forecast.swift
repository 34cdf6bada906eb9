import Datasets
import Foundation
import NeuralNetworks

extension PreparedData {
    /// A series (a registered forecasting set, a generated one, or the user's own `csv:`/`npy:`
    /// data read as one series) cut into windows of `window` steps whose targets are the next
    /// `horizon` steps (`ForecastSeries`): the last `testFraction` of the steps test,
    /// `validationFraction` of the rest validation, in time order; inputs and targets
    /// standardised with the training part's statistics. A regression with H·C outputs.
    public static func forecast(_ name: String, dataDir: URL?, window: Int, horizon: Int, testFraction: Double,
                                validationFraction: Double) throws -> PreparedData {
        let data = UserData.isUserData(name) ? try UserData.loadSeries(name) : try DatasetRegistry.load(name, dataDir: dataDir)
        guard data.info.task == .forecasting else {
            throw ModelZooError("\(name) is a \(data.info.task.rawValue) data set, not a series: --task forecast takes "
                + (DatasetRegistry.all.filter { $0.task == .forecasting }.map(\.name) + SeriesGenerator.all.map(\.name)).joined(separator: ", "))
        }
        var values = data.train.features
        if let test = data.test {
            values = Tensor(shape: [values.shape[0] + test.count] + Array(values.shape.dropFirst()), scalars: values.scalars + test.features.scalars)
        }
        let series = try ForecastSeries(values, name: name, window: window, horizon: horizon, testFraction: testFraction,
                                        validationFraction: validationFraction)
        let input = series.inputNormalization, target = series.targetNormalization
        func labeled(_ range: Range<Int>) throws -> LabeledData {
            let split = try series.windows(targetsIn: range)
            return LabeledData(features: input.apply(split.features), targets: target.apply(split.targets!))
        }
        let validation = series.validationEnd > series.trainEnd ? try labeled(series.trainEnd..<series.validationEnd) : nil
        var info = data.info
        info.task = .forecasting
        var prepared = PreparedData(info: info, train: try labeled(0..<series.trainEnd), validation: validation,
                                    test: try labeled(series.validationEnd..<series.steps), classes: horizon * series.channels,
                                    normalization: input, targetNormalization: target)
        prepared.forecast = series
        return prepared
    }
}
