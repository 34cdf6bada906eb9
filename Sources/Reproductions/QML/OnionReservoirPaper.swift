import Datasets
import Foundation
import Plotting
import QML

/// "Quantum Reservoir Computing for Corrosion Prediction" (Airbus and qBraid, arXiv 2505.22837;
/// papers.md §A12): an onion of small quantum reservoirs whose rotation scales spread their
/// memories over different time scales (`OnionReservoir`), against one reservoir with the same
/// total qubits and a classical echo-state network, each with a ridge read-out. The paper's
/// corrosion data are not public: NARMA10 and the monthly sunspot numbers stand in.
public enum OnionReservoirPaper {
    /// A driven task: the reservoir reads `input[t]`; its state then predicts `target[t]`.
    struct Task {
        var name: String
        var input: [Float]
        var target: [Float]
        /// Steps whose states are dropped (the reservoir forgetting its start), then train / validation / test.
        var washout: Int
        var trainEnd: Int
        var validationEnd: Int
    }

    /// NARMA10 (u ~ U(0, 0.5), y(t+1) from u(t), u(t−9) and y(t−9…t)): predict y(t+1) after reading u(t).
    static func narma(length: Int, seed: UInt64) throws -> Task {
        let (u, y) = try SyntheticSeries.narma(order: 10, length: length + 1, seed: seed)
        let t = length
        return Task(name: "NARMA10", input: u.prefix(t).map { Float($0) }, target: y.dropFirst().prefix(t).map { Float($0) },
                    washout: 200, trainEnd: 200 + (t - 200) * 6 / 10, validationEnd: 200 + (t - 200) * 3 / 4)
    }

    /// Sunspots: the monthly number scaled to [0, 1] by the training part's range; predict the next month.
    static func sunspots(_ values: [Float]) -> Task {
        let t = values.count - 1
        let trainEnd = 100 + (t - 100) * 6 / 10
        let lo = values[..<trainEnd].min()!, hi = values[..<trainEnd].max()!
        let scaled = values.map { ($0 - lo) / Swift.max(hi - lo, 1e-6) }
        return Task(name: "sunspots", input: Array(scaled.prefix(t)), target: Array(scaled.dropFirst()), washout: 100,
                    trainEnd: trainEnd, validationEnd: 100 + (t - 100) * 3 / 4)
    }

    /// A reservoir's read-out on `task`: test NMSE, test predictions, the validation MSE that
    /// chose its λ, and the reservoir's speed.
    struct Outcome {
        /// The setting tried (scales, α or ρ), for the log.
        var setting = ""
        var nmse: Double
        var validationMSE: Double
        var predictions: [Float]
        var stepsPerSecond: Double
    }

    /// Drives `reservoir` with the task's input, fits a ridge read-out on [states, input] of the
    /// training steps (λ on the validation steps) and scores the test steps.
    static func evaluate(_ reservoir: any Reservoir, _ task: Task) throws -> Outcome {
        var outcome = try readout(reservoir, task)
        switch reservoir {
        case let onion as OnionReservoir: outcome.setting = onion.layers.map { String($0.rotationScale) }.joined(separator: "/")
        case let single as QuantumReservoir: outcome.setting = String(single.rotationScale)
        case let cell as CellReservoir: outcome.setting = (cell.cell as? EchoStateCell<Float>).map { String($0.radius) } ?? ""
        default: break
        }
        return outcome
    }

    static func readout(_ reservoir: any Reservoir, _ task: Task) throws -> Outcome {
        let start = Date()
        let states = reservoir.states(driven: Tensor(shape: [task.input.count], scalars: task.input))
        let speed = Double(task.input.count) / Swift.max(Date().timeIntervalSince(start), 1e-9)
        let f = reservoir.featureCount
        func rows(_ range: Range<Int>) -> (x: Tensor<Float>, y: Tensor<Float>) {
            var x = [Float]()
            x.reserveCapacity(range.count * (f + 1))
            for t in range {
                x += states.scalars[(t * f)..<((t + 1) * f)]
                x.append(task.input[t])
            }
            return (Tensor(shape: [range.count, f + 1], scalars: x), Tensor(shape: [range.count, 1], scalars: Array(task.target[range])))
        }
        let train = rows(task.washout..<task.trainEnd), validation = rows(task.trainEnd..<task.validationEnd)
        let test = rows(task.validationEnd..<task.input.count)
        let (model, validationMSE) = try RidgeRegression.fitSelecting(train: train, validation: validation)
        let predicted = model.predict(test.x)
        let report = RegressionReport(predicted: predicted.scalars.map(Double.init), truth: test.y.scalars.map(Double.init))
        return Outcome(nmse: report.normalizedMeanSquaredError, validationMSE: validationMSE, predictions: predicted.scalars,
                       stepsPerSecond: speed)
    }

    /// The onion's rotation-scale sets, the single reservoir's scales and the echo-state network's
    /// spectral radii tried; each competitor keeps the one with the lowest validation MSE.
    static let onionScales: [[Double]] = [[0.1, 0.3, 1.0], [0.05, 0.2, 0.8], [0.2, 0.5, 1.5], [0.3, 0.6, 1.2], [0.5, 1.0, 2.0]]
    static let singleScales = [0.1, 0.2, 0.3, 0.5, 1.0]
    static let spectralRadii = [0.5, 0.8, 0.95, 1.1, 1.3]

    /// The three competitors on `task` for one seed: onion (3 × 3 qubits), one 9-qubit reservoir
    /// and an echo-state network of 72 units (the onion's feature count), each with its setting
    /// chosen on the validation steps.
    static func compare(_ task: Task, seed: UInt64, log: (String) -> Void) throws -> [String: Outcome] {
        func best(_ runs: [Outcome]) -> Outcome { runs.min { $0.validationMSE < $1.validationMSE }! }
        let onion = try best(onionScales.map { try evaluate(try OnionReservoir(qubits: 3, scales: $0, depth: 4, seed: seed), task) })
        let single = try best(singleScales.map { alpha in
            try evaluate(try QuantumReservoir(qubits: 9, rotationScale: alpha, depth: 4, seed: seed &+ 50), task)
        })
        let esn = try best(spectralRadii.map { rho in
            try evaluate(CellReservoir(try EchoStateCell<Float>(inputSize: 1, size: 72, spectralRadius: rho, seed: seed)), task)
        })
        log(String(format: "%@ seed %d: NMSE onion %.3f (scales %@), single 9-qubit %.3f (α %@), echo-state %.3f (ρ %@)", task.name,
                   seed, onion.nmse, onion.setting, single.nmse, single.setting, esn.nmse, esn.setting))
        return ["onion": onion, "single": single, "esn": esn]
    }

    static let reproduction = Reproduction(
        name: "onion-reservoir",
        paper: PaperReference(title: "Quantum Reservoir Computing for Corrosion Prediction", arxiv: "2505.22837",
                              citation: "Airbus and qBraid, 2025"),
        summary: "onion quantum reservoir (3 reservoirs × 3 qubits at three rotation scales; reset and re-encode one qubit per "
            + "step; 4 virtual nodes) vs one 9-qubit reservoir vs an echo-state network, ridge read-outs, on NARMA10 and sunspots",
        quickForm: "one seed instead of three, 1,200 steps of NARMA10 and of sunspots instead of 2,200 and 3,126",
        datasets: ["sunspots"], seeds: (full: 3, quick: 1)
    ) { context in
        let monthly = try DatasetRegistry.load("sunspots", dataDir: context.dataDir).train.features.scalars
        let length = context.quick ? 1200 : 2200
        var result = ReproductionResult()
        for make in [{ (seed: UInt64) in try narma(length: length, seed: seed) },
                     { (_: UInt64) in sunspots(Array(monthly.suffix(context.quick ? 1201 : monthly.count))) }] {
            var runs: [[String: Outcome]] = []
            var task: Task?
            for seed in 0..<UInt64(context.seeds) {
                task = try make(seed)
                runs.append(try compare(task!, seed: seed, log: context.log))
            }
            result.append(rows(task!, runs))
        }
        result.notes += [
            "Each reservoir reads one value per step: RY(π·u) on its reset qubit, then 4 applications of its fixed evolution "
                + "(RX, RZ on every qubit and an RZZ ring, all angles uniform in [0, 2π) times the rotation scale α), reading "
                + "⟨Z⟩ and ⟨ZZ⟩ after each (virtual nodes), then the measured qubit is reset; simulated exactly as a density matrix.",
            "Ridge read-out on [states, input] fitted on the training steps after a washout; λ (10⁻⁸ … 10²) and each "
                + "competitor's setting chosen on the validation steps from five: the onion's scale sets (0.1/0.3/1, 0.05/0.2/0.8, "
                + "0.2/0.5/1.5, 0.3/0.6/1.2, 0.5/1/2), the single reservoir's α (0.1, 0.2, 0.3, 0.5, 1), the echo-state "
                + "network's spectral radius (0.5, 0.8, 0.95, 1.1, 1.3). NMSE = test MSE / variance of the test targets.",
            "The paper's corrosion series are not public and its circuits are not given; its claim (onion beats a single "
                + "reservoir and a classical one) is tested on NARMA10 and sunspots instead.",
        ]
        return result
    }

    static func rows(_ task: Task, _ runs: [[String: Outcome]]) -> ReproductionResult {
        let labels = [("onion", "onion 3 × 3 qubits (72 features)"), ("single", "single 9-qubit reservoir (180 features)"),
                      ("esn", "echo-state network, 72 units")]
        let claim = Reported("onion lowest", source: "abstract (corrosion data, no numbers)")
        var result = ReproductionResult()
        var plot = LinePlot(title: "\(task.name): test steps, truth and ridge read-outs (seed 0)", xLabel: "step", yLabel: "value")
        plot.add("truth", y: task.target[task.validationEnd...].map(Double.init))
        for (key, label) in labels {
            result.rows.append(ResultRow(label: "\(task.name): \(label)", metric: "test NMSE", values: runs.map { $0[key]!.nmse },
                                         unit: "", higherIsBetter: false, reported: claim, seconds: 0))
            result.rows.append(ResultRow(label: "\(task.name): \(label)", metric: "reservoir steps/s",
                                         values: runs.map { $0[key]!.stepsPerSecond }, unit: "", higherIsBetter: true,
                                         reported: Reported("—", source: "not reported"), seconds: 0))
            plot.add(label, y: runs[0][key]!.predictions.map(Double.init))
        }
        result.plots.append(plot)
        return result
    }
}

extension Reproduction {
    static let onionReservoir = OnionReservoirPaper.reproduction
}
