import Foundation
import Testing
@testable import Reproductions

/// The time-series papers' wiring: Chen et al.'s data preparation, the models' sizes, the
/// reservoir read-out data and a few epochs of training — seconds, not the reproductions.
@Suite struct TimeSeriesPaperTests {
    @Test func scaledSeriesAsTheReferenceCodeCutsIt() throws {
        let data = try ScaledSeries(try SyntheticSeries.dampedPendulum().velocity, window: 4, trainFraction: 0.67)
        // 240 points → 235 windows (the code drops the last), the first ⌊0.67·235⌋ = 157 train.
        #expect(data.train.count == 157 && data.test.count == 78 && data.validation == nil && data.testStart == 161)
        #expect(data.values.min() == -1 && data.values.max() == 1)
        #expect(Array(data.train.features.scalars.prefix(4)) == Array(data.values.prefix(4)))
        #expect(data.train.targets!.scalars[0] == data.values[4])
        let held = try ScaledSeries(Array(repeating: 0.5, count: 3) + (0..<50).map(Double.init), window: 4, trainFraction: 0.5,
                                    validationFraction: 0.2)
        // 48 windows: 24 for training, of which the last ⌊0.2·24⌋ = 4 validate.
        #expect(held.train.count == 20 && held.validation?.count == 4 && held.test.count == 24)
    }

    @Test func qfwpAndQLSTMHaveTheirParameterCounts() throws {
        let models = try QFWPPaper.models(seed: 0)
        // QFWP: programmer 1→8 (16), heads 8→2 (18) and 8→8 (72), output 4→1 (5) = 111; the circuit's 2·8 angles are programmed.
        #expect(models[0].quantum == 16 && models[0].model.parameterCount == 111)
        // QLSTM: 4 maps of Linear(5→4) (24) + 24 circuit weights + Linear(4→4) (20), then Linear(4→1) (5) = 277.
        #expect(models[1].quantum == 96 && models[1].model.parameterCount == 277)
    }

    @Test func reservoirReadoutSeesStateAndLastInputStandardised() throws {
        let data = try ScaledSeries(try SyntheticSeries.besselJ2(), window: 4, trainFraction: 0.67, validationFraction: 0.2)
        let cell: any RecurrentCell<Float> = try QuantumCells.make(.gru, inputSize: 1, hiddenSize: 4, qubits: 4, layers: 2, seed: 1,
                                                                    frozen: true)
        let (train, validation, test) = QRNNReservoir.readoutData(CellReservoir(cell), data)
        #expect(train.features.shape == [train.count, 5] && validation != nil && test.count == data.test.count)
        for c in 0..<5 {
            let column = (0..<train.count).map { Double(train.features.scalars[$0 * 5 + c]) }
            #expect(abs(column.reduce(0, +) / Double(train.count)) < 1e-4)
        }
        var rng = RandomGenerator(seed: 0)
        let fit = try SeriesFit.fit(Linear<Float>(5, 1, rng: &rng), train: train, validation: validation, test: test, epochs: 5, seed: 0)
        #expect(fit.trainCurve.count == 5 && fit.trainCurve[4] < fit.trainCurve[0] && (1...5).contains(fit.bestEpoch))
    }

    @Test func onionTaskSplitsAndScores() throws {
        let task = try OnionReservoirPaper.narma(length: 400, seed: 1)
        #expect(task.input.count == 400 && task.washout == 200 && task.trainEnd == 320 && task.validationEnd == 350)
        // target[t] is y(t + 1): the NARMA10 recursion from the inputs read so far.
        let (u, y) = try SyntheticSeries.narma(order: 10, length: 401, seed: 1)
        #expect(task.target[50] == Float(y[51]) && task.input[50] == Float(u[50]))
        let outcome = try OnionReservoirPaper.evaluate(try OnionReservoir(qubits: 2, scales: [0.3, 1], seed: 0), task)
        #expect(outcome.nmse.isFinite && outcome.nmse > 0 && outcome.predictions.count == 50 && outcome.setting == "0.3/1.0")
    }
}
