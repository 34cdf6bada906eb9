import Foundation
import Testing
@testable import ModelZoo

/// Windows, parts and standardisation of a forecasting series; autoregressive roll-outs; the
/// recurrent catalog models.
@Suite struct ForecastSeriesTests {
    static func series(_ values: [Float]) -> Tensor<Float> { Tensor(shape: [values.count, 1], scalars: values) }

    @Test func windowsBelongToThePartTheirTargetStartsIn() throws {
        // 20 steps 0…19, test 25 % = 5 steps (15…19), validation 20 % of 15 = 3 (12…14), train 0…11.
        let s = try ForecastSeries(Self.series((0..<20).map(Float.init)), name: "ramp", window: 3, horizon: 2,
                                   testFraction: 0.25, validationFraction: 0.2)
        #expect(s.trainEnd == 12 && s.validationEnd == 15)
        let train = try s.windows(targetsIn: 0..<12)
        // targets start at 3…10 (the last must end by 12): 8 windows; the first reads 0, 1, 2 → 3, 4.
        #expect(train.features.shape == [8, 3] && train.targets!.shape == [8, 2])
        #expect(Array(train.features.scalars.prefix(3)) == [0, 1, 2] && Array(train.targets!.scalars.prefix(2)) == [3, 4])
        let test = try s.windows(targetsIn: 15..<20)
        // inputs reach back into validation: targets start 15…18, the first window reads 12, 13, 14.
        #expect(test.count == 4 && Array(test.features.scalars.prefix(3)) == [12, 13, 14])
        // statistics of the training part 0…11 only: mean 5.5, population std √(143/12).
        #expect(abs(s.mean[0] - 5.5) < 1e-6 && abs(Double(s.std[0]) - (143.0 / 12).squareRoot()) < 1e-5)
    }

    @Test func badSeriesAreRefusedWithTheReason() {
        #expect(throws: DatasetError.self) {
            try ForecastSeries(Self.series([1, 2, .nan, 4, 5, 6, 7, 8]), name: "gap", window: 2, horizon: 1, testFraction: 0.25,
                               validationFraction: 0)
        }
        #expect(throws: ModelZooError.self) {
            try ForecastSeries(Self.series((0..<10).map(Float.init)), name: "short", window: 10, horizon: 1, testFraction: 0.2,
                               validationFraction: 0)
        }
        // a horizon as long as the test part (3 steps) is refused, a shorter one is not
        #expect(throws: ModelZooError.self) {
            try ForecastSeries(Self.series((0..<30).map(Float.init)), name: "ramp", window: 2, horizon: 3, testFraction: 0.1,
                               validationFraction: 0)
        }
        #expect(throws: Never.self) {
            try ForecastSeries(Self.series((0..<30).map(Float.init)), name: "ramp", window: 2, horizon: 2, testFraction: 0.1,
                               validationFraction: 0)
        }
    }

    @Test func rolloutFeedsPredictionsBack() {
        // A "model" that predicts the sum of its standardised window's last two values (H = 1).
        let f = Forecaster(window: 2, horizon: 1, channels: 1, mean: [1], std: [2])
        let out = f.rollout(history: [9, 3, 5], steps: 3) { x in
            let v = x.scalars
            return Tensor(shape: [1, 1], scalars: [v[0] + v[1]])
        }
        // standardised history (3−1)/2 = 1, (5−1)/2 = 2 → 3 → 5 → 8, back in units: 7, 11, 17.
        #expect(out == [7, 11, 17])
    }

    @Test func forecastDataStandardiseOnTheTrainingPartAndRoundTrip() throws {
        let data = try PreparedData.forecast("pendulum", dataDir: nil, window: 4, horizon: 2, testFraction: 0.3, validationFraction: 0.1)
        let s = try #require(data.forecast)
        #expect(data.train.features.shape[1] == 4 && data.test.targets!.shape[1] == 2 && data.classes == 2)
        // the first training window, standardised, is the series' first four values
        let raw = (0..<4).map { (data.train.features.scalars[$0] * s.std[0]) + s.mean[0] }
        for (a, b) in zip(raw, s.values.prefix(4)) { #expect(abs(a - b) < 1e-5) }
        #expect(data.train.count + (data.validation?.count ?? 0) + data.test.count <= s.steps)
    }

    @Test(arguments: RecurrentModels.names)
    func recurrentModelsBuildForSequences(name: String) throws {
        var spec = ModelSpec(name: name, inputShape: [5], classes: 2, seed: 1)
        spec.horizon = 2
        spec.qubits = name == "qfwp" ? 4 : 2
        let model = try ModelCatalog.build(spec)
        #expect(model(Tensor<Float>.zeros([3, 5])).shape == [3, 2])
        #expect(spec.trainingBytes(batchSize: 10) > 0)
        let image = ModelSpec(name: name, inputShape: [1, 8, 8], classes: 2, seed: 1)
        #expect(throws: ModelZooError.self) { try ModelCatalog.build(image) }
    }
}
