import Datasets
import Foundation
import Plotting
import QML

/// Chen, Fry, Deshmukh, Rastunkov & Stefanski, "Reservoir Computing via Quantum Recurrent
/// Neural Networks" (arXiv 2211.02612; papers.md §A4). The quantum RNN, LSTM and GRU cells
/// (every affine map a 4-qubit variational circuit, `QuantumCells`) trained fully, against the
/// same cells frozen at their random initialisation with only a linear read-out trained
/// (QRNN-RC, QLSTM-RC, QGRU-RC), and against frozen classical cells (RNN-RC, LSTM-RC, GRU-RC).
/// The reservoirs' states are computed once; the read-out is trained by RMSprop for the same
/// epochs (and fitted in closed form by ridge regression for comparison).
public enum QRNNReservoir {
    /// One task: a series scaled to [−1, 1], windows of 4 predicting the next value.
    struct Task {
        var name: String
        var series: [Double]
    }

    /// The paper's four tasks (its real series is unnamed; ours is the monthly sunspot numbers).
    static func tasks(_ context: ReproductionContext) throws -> [Task] {
        let sunspots = try DatasetRegistry.load("sunspots", dataDir: context.dataDir).train.features.scalars.map(Double.init)
        return [
            Task(name: "damped SHM", series: try SyntheticSeries.dampedPendulum().velocity),
            Task(name: "Bessel J₂", series: try SyntheticSeries.besselJ2()),
            Task(name: "NARMA5", series: try SyntheticSeries.narma(order: 5, length: 500, seed: 0).output),
            Task(name: "sunspots", series: Array(sunspots.suffix(context.quick ? 480 : sunspots.count))),
        ]
    }

    /// What one seed measures for one task and one cell kind.
    struct Outcome {
        var trained: SeriesFit
        var quantumRC: SeriesFit
        var quantumRCSeconds: Double
        var quantumRidgeMSE: Double
        var classicalRC: SeriesFit
    }

    static let qubits = 4, layers = 2, hidden = 4

    /// Fully trained, quantum reservoir and classical reservoir versions of `kind` on `data`.
    static func run(_ kind: QuantumCells.Kind, _ data: ScaledSeries, epochs: Int, seed: UInt64) throws -> Outcome {
        var rng = RandomGenerator(seed: seed &+ 7)
        let cell: any RecurrentCell<Float> = try QuantumCells.make(kind, inputSize: 1, hiddenSize: hidden, qubits: qubits, layers: layers,
                                                                    seed: seed)
        let model = Sequential<Float>([Recurrent(cell), Linear<Float>(hidden, 1, rng: &rng)])
        let trained = try SeriesFit.fit(model, train: data.train, validation: data.validation, test: data.test, epochs: epochs, seed: seed)
        let frozen: any RecurrentCell<Float> = try QuantumCells.make(kind, inputSize: 1, hiddenSize: hidden, qubits: qubits,
                                                                      layers: layers, seed: seed &+ 100, frozen: true)
        let start = Date()
        let (quantumRC, ridge) = try readout(CellReservoir(frozen), data, epochs: epochs, seed: seed)
        let quantumSeconds = Date().timeIntervalSince(start)
        let classical = QuantumCells.classical(kind, inputSize: 1, hiddenSize: hidden, seed: seed &+ 200) as any RecurrentCell<Float>
        let (classicalRC, _) = try readout(CellReservoir(classical), data, epochs: epochs, seed: seed)
        return Outcome(trained: trained, quantumRC: quantumRC, quantumRCSeconds: quantumSeconds, quantumRidgeMSE: ridge,
                       classicalRC: classicalRC)
    }

    /// The read-out's inputs for every window, computed once: the reservoir's last state and the
    /// last input (an echo-state read-out W_out·[u; x]), standardised by the training windows.
    static func readoutData(_ reservoir: CellReservoir, _ data: ScaledSeries) -> (train: LabeledData, validation: LabeledData?,
                                                                                   test: LabeledData) {
        func states(_ part: LabeledData) -> LabeledData {
            let h = reservoir.finalStates(windows: part.features)
            let (n, w) = (part.features.shape[0], part.features.shape[1])
            var x = [Float]()
            x.reserveCapacity(n * (hidden + 1))
            for r in 0..<n {
                x += h.scalars[(r * hidden)..<((r + 1) * hidden)]
                x.append(part.features.scalars[r * w + w - 1])
            }
            return LabeledData(features: Tensor(shape: [n, hidden + 1], scalars: x), targets: part.targets!)
        }
        let train = states(data.train)
        let norm = Normalization.fit(train.features)
        func standardised(_ d: LabeledData) -> LabeledData { LabeledData(features: norm.apply(d.features), targets: d.targets!) }
        return (standardised(train), data.validation.map { standardised(states($0)) }, standardised(states(data.test)))
    }

    /// A Linear read-out trained by RMSprop on `readoutData` and, separately, a ridge read-out (λ
    /// chosen on the validation windows): the trained fit and the ridge test MSE.
    static func readout(_ reservoir: CellReservoir, _ data: ScaledSeries, epochs: Int, seed: UInt64) throws -> (SeriesFit, Double) {
        let (train, validation, test) = readoutData(reservoir, data)
        var rng = RandomGenerator(seed: seed &+ 11)
        let head = Linear<Float>(hidden + 1, 1, rng: &rng)
        let fit = try SeriesFit.fit(head, train: train, validation: validation, test: test, epochs: epochs, seed: seed)
        let check = validation ?? train
        let ridge = try RidgeRegression.fitSelecting(train: (train.features, train.targets!), validation: (check.features, check.targets!))
        let ridgeMSE = RidgeRegression.meanSquaredError(ridge.model.predict(test.features), test.targets!)
        return (fit, ridgeMSE)
    }

    static let reproduction = Reproduction(
        name: "qrnn-reservoir",
        paper: PaperReference(title: "Reservoir Computing via Quantum Recurrent Neural Networks", arxiv: "2211.02612",
                              citation: "Chen, Fry, Deshmukh, Rastunkov & Stefanski 2022"),
        summary: "QRNN/QLSTM/QGRU (4 qubits, 2 layers) trained fully vs frozen as reservoirs (read-out only) vs frozen "
            + "classical RNN/LSTM/GRU, on damped SHM, Bessel J₂, NARMA5 and sunspots; windows of 4, RMSprop 0.01, batch 10",
        quickForm: "one seed instead of three, the last 480 months of sunspots instead of all 3,126",
        datasets: ["sunspots"], seeds: (full: 3, quick: 1)
    ) { context in
        let epochs = 100
        var result = ReproductionResult()
        for task in try tasks(context) {
            let data = try ScaledSeries(task.series, window: 4, trainFraction: 0.67, validationFraction: 0.2)
            result.append(try rows(task.name, data, epochs: epochs, context))
        }
        result.notes += [
            "Series min-max scaled to [−1, 1]; windows of 4 predict the 5th; the first 67 % of the windows train (their last 20 % "
                + "validate: the epoch of the lowest validation MSE is the one reported), the rest test. MSE in scaled units.",
            "Reservoir read-outs see the frozen cell's last state and the window's last input (an echo-state read-out "
                + "W_out·[u; x]), standardised with the training windows' statistics; trained by RMSprop as the full models, "
                + "or fitted in closed form (ridge, λ from 10⁻⁸ … 10² on the validation windows).",
            "Reservoir wall time = computing the frozen cell's states for every window once + training the read-out; "
                + "trained wall time = the full model's epochs (scoring excluded in both).",
            "The paper reports no numbers (its claims: reservoirs comparable to trained cells, faster, and quantum reservoirs "
                + "needing fewer epochs than classical ones in most cases).",
        ]
        return result
    }

    /// The rows and forecast plot of one task over the seeds.
    static func rows(_ task: String, _ data: ScaledSeries, epochs: Int, _ context: ReproductionContext) throws -> ReproductionResult {
        var result = ReproductionResult()
        var plot = LinePlot(title: "\(task): test part, truth and QLSTM predictions (seed 0)", xLabel: "step", yLabel: "value (scaled)")
        plot.add("truth", y: data.testTruth.map(Double.init))
        for kind in QuantumCells.Kind.allCases {
            var outcomes: [Outcome] = []
            for seed in 0..<UInt64(context.seeds) {
                let o = try run(kind, data, epochs: epochs, seed: seed)
                context.log(String(format: "%@ Q%@ seed %d: trained MSE %.3g (%.1f s, best epoch %d), Q-RC %.3g (%.2f s, best epoch %d), "
                    + "ridge %.3g, classical RC %.3g (best epoch %d)", task, kind.rawValue.uppercased(), seed, o.trained.testMSE,
                    o.trained.seconds, o.trained.bestEpoch, o.quantumRC.testMSE, o.quantumRCSeconds, o.quantumRC.bestEpoch,
                    o.quantumRidgeMSE, o.classicalRC.testMSE, o.classicalRC.bestEpoch))
                outcomes.append(o)
            }
            let name = kind.rawValue.uppercased()
            if kind == .lstm {
                plot.add("QLSTM trained", y: outcomes[0].trained.testPredictions.map(Double.init))
                plot.add("QLSTM-RC", y: outcomes[0].quantumRC.testPredictions.map(Double.init))
            }
            result.rows += table(task, name, outcomes)
            result.notes.append(verdict(task, name, outcomes))
        }
        result.plots.append(plot)
        return result
    }

    /// The acceptance check in words: mean test MSE ratios to the trained cell and the speed-up.
    static func verdict(_ task: String, _ name: String, _ o: [Outcome]) -> String {
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(Swift.max(v.count, 1)) }
        let trained = mean(o.map(\.trained.testMSE))
        let rmsprop = mean(o.map(\.quantumRC.testMSE)) / trained
        let ridge = mean(o.map(\.quantumRidgeMSE)) / trained
        let speed = mean(o.map(\.trained.seconds)) / mean(o.map(\.quantumRCSeconds))
        func mark(_ r: Double) -> String { r <= 2 ? "within 2×" : "not within 2×" }
        return String(format: "%@, Q%@-RC: test MSE %.2f× the trained cell's with the RMSprop read-out (%@), %.2f× with ridge (%@); "
            + "%.0f× faster to train", task, name, rmsprop, mark(rmsprop), ridge, mark(ridge), speed)
    }

    static func table(_ task: String, _ name: String, _ o: [Outcome]) -> [ResultRow] {
        let claim = Reported("comparable", source: "abstract (no numbers)")
        let none = Reported("—", source: "not reported")
        let fewer = Reported("fewer for quantum RC", source: "abstract (no numbers)")
        func row(_ label: String, _ metric: String, _ values: [Double], unit: String = "", higher: Bool = false,
                 _ reported: Reported, seconds: Double = 0) -> ResultRow {
            ResultRow(label: "\(task): \(label)", metric: metric, values: values, unit: unit, higherIsBetter: higher,
                      reported: reported, seconds: seconds)
        }
        return [
            row("Q\(name) trained", "test MSE", o.map(\.trained.testMSE), none, seconds: o.reduce(0) { $0 + $1.trained.seconds }),
            row("Q\(name)-RC", "test MSE", o.map(\.quantumRC.testMSE), claim, seconds: o.reduce(0) { $0 + $1.quantumRCSeconds }),
            row("Q\(name)-RC ÷ trained", "test MSE ratio", o.map { $0.quantumRC.testMSE / $0.trained.testMSE }, unit: "×", none),
            row("Q\(name)-RC speed-up", "training time ratio", o.map { $0.trained.seconds / $0.quantumRCSeconds }, unit: "×",
                higher: true, claim),
            row("Q\(name)-RC, ridge read-out", "test MSE", o.map(\.quantumRidgeMSE), none),
            row("\(name)-RC (classical)", "test MSE", o.map(\.classicalRC.testMSE), none),
            row("Q\(name)-RC", "epochs to best validation", o.map { Double($0.quantumRC.bestEpoch) }, fewer),
            row("\(name)-RC (classical)", "epochs to best validation", o.map { Double($0.classicalRC.bestEpoch) }, fewer),
        ]
    }
}

extension Reproduction {
    static let qrnnReservoir = QRNNReservoir.reproduction
}
