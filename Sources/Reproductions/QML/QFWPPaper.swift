import Datasets
import Foundation
import Plotting
import QML

/// Chen, "Learning to Program Variational Quantum Circuits with Fast Weights" (arXiv
/// 2402.17760; papers.md §A5): the quantum fast-weight programmer (`FastWeightProgrammer`: a
/// classical programmer writes the 8-qubit depth-2 circuit's angles, accumulated over the
/// sequence) against a QLSTM (`QuantumCells`, 4 qubits, 2 layers, hidden 4) on the reference
/// code's damped pendulum task.
public enum QFWPPaper {
    /// What one seed measures for one model.
    struct Outcome {
        var fit: SeriesFit
        /// Predictions for every window of the series (training and test).
        var predictions: [Float]
    }

    /// The two models: their name, builder and quantum parameter count.
    static func models(seed: UInt64) throws -> [(name: String, model: any Layer<Float>, quantum: Int, note: String)] {
        let qfwp = try FastWeightProgrammer<Float>(seed: seed)
        var rng = RandomGenerator(seed: seed &+ 5)
        let cell: any RecurrentCell<Float> = try QuantumCells.make(.lstm, inputSize: 1, hiddenSize: 4, qubits: 4, layers: 2, seed: seed)
        let qlstm = Sequential<Float>([Recurrent(cell), Linear<Float>(4, 1, rng: &rng)])
        return [
            ("QFWP", qfwp, qfwp.programmedAngles, "circuit angles written by the programmer each step; none trained directly"),
            ("QLSTM", qlstm, VariationalMaps.quantumWeightCount(qlstm), "trained circuit weights (4 circuits × 4 qubits × 3 × 2 layers)"),
        ]
    }

    static let reproduction = Reproduction(
        name: "qfwp",
        paper: PaperReference(title: "Learning to Program Variational Quantum Circuits with Fast Weights", arxiv: "2402.17760",
                              citation: "Chen 2024 (IEEE WCCI)"),
        summary: "QFWP (8 qubits, depth 2, programmer 1→8→(2, 8)) vs QLSTM (4 qubits, 2 layers) on the damped pendulum: windows of 4, "
            + "the first 67 % train, RMSprop 0.01, batch 10, 100 epochs",
        quickForm: "two seeds instead of five",
        datasets: [], seeds: (full: 5, quick: 2)
    ) { context in
        let data = try ScaledSeries(try SyntheticSeries.dampedPendulum().velocity, window: 4, trainFraction: 0.67)
        let all = try ScaledSeries.windows(data.values, data.window, 0..<(data.values.count - data.window - 1))
        var outcomes: [String: [Outcome]] = [:]
        var described: [(name: String, quantum: Int, parameters: Int, note: String)] = []
        for seed in 0..<UInt64(context.seeds) {
            for m in try models(seed: seed) {
                let fit = try SeriesFit.fit(m.model, train: data.train, validation: nil, test: data.test, epochs: 100,
                                            shuffles: false, seed: seed)
                context.log(String(format: "%@ seed %d: test MSE %.3g (%.1f s)", m.name, seed, fit.testMSE, fit.seconds))
                outcomes[m.name, default: []].append(Outcome(fit: fit, predictions: SeriesFit.score(m.model, all).predictions))
                if seed == 0 { described.append((m.name, m.quantum, m.model.parameterCount, m.note)) }
            }
        }
        return result(described, outcomes, data: data)
    }

    static func result(_ described: [(name: String, quantum: Int, parameters: Int, note: String)], _ outcomes: [String: [Outcome]],
                       data: ScaledSeries) -> ReproductionResult {
        var result = ReproductionResult()
        let claim = Reported("QFWP ≤ QLSTM", source: "abstract (no numbers verified)")
        var forecast = LinePlot(title: "Damped pendulum: truth and predictions (seed 0; test from step \(data.testStart))",
                                xLabel: "step", yLabel: "value")
        forecast.add("truth", y: data.values.map(Double.init))
        var losses = LinePlot(title: "Damped pendulum: test MSE per epoch (seed mean)", xLabel: "epoch", yLabel: "test MSE")
        for d in described {
            let runs = outcomes[d.name]!
            result.rows.append(ResultRow(label: "\(d.name) (\(d.quantum) quantum, \(d.parameters) trained parameters)", metric: "test MSE",
                                         values: runs.map(\.fit.testMSE), unit: "", higherIsBetter: false, reported: claim,
                                         seconds: runs.reduce(0) { $0 + $1.fit.seconds }))
            result.rows.append(ResultRow(label: "\(d.name)", metric: "quantum parameters", values: [Double(d.quantum)], unit: "",
                                         higherIsBetter: false, reported: Reported("QFWP fewer", source: "abstract"), seconds: 0))
            let x = (0..<runs[0].predictions.count).map { Double($0 + data.window) }
            forecast.add(d.name, x: x, y: runs[0].predictions.map(Double.init))
            losses.add(d.name, y: ReproductionContext.meanCurve(runs.map(\.fit.testCurve)))
            result.notes.append("\(d.name): \(d.quantum) quantum parameters — \(d.note)")
        }
        result.plots = [forecast, losses]
        result.notes.append("Data as the reference code: the pendulum's angular velocity (RK4 here, odeint there) min-max scaled "
            + "to [−1, 1], windows of 4 predicting the 5th, the first 67 % of the windows train (batches of 10 in order), the rest test; the test MSE "
            + "is the last epoch's, as the code prints it. Float32 layers, circuits simulated in complex128 (the code: float64).")
        return result
    }
}

extension Reproduction {
    static let qfwp = QFWPPaper.reproduction
}
