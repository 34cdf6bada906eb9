import Datasets
import Foundation
import Plotting
import QML

extension TNInit {
    static let reproduction = Reproduction(
        name: "tn-init",
        paper: PaperReference(title: "Synergy between quantum circuits and tensor networks: short-cutting the race to practical quantum advantage",
                              arxiv: "2208.13673", citation: "Rudolph et al. 2023"),
        summary: "MPS Born machines (χ 8) trained on bars and stripes (3×3, 4×4) and an 8-bit cardinality set, decomposed into four "
            + "staircase layers of two-qubit gates (+ one layer near the identity) to start a circuit Born machine; KL divergence "
            + "against random and identity starts of the same circuit",
        quickForm: "2 seeds, bars and stripes 3×3 and cardinality only",
        datasets: [], seeds: (full: 5, quick: 2)
    ) { context in
        let settings = Settings()
        var result = ReproductionResult()
        for task in try tasks(quick: context.quick) {
            var outcomes = [Outcome]()
            var seconds = 0.0
            for s in 0..<context.seeds {
                let started = Date()
                let o = try run(task, settings, seed: UInt64(s))
                seconds += Date().timeIntervalSince(started)
                outcomes.append(o)
                context.log(String(format: "%@, seed %d: MPS KL %.3f; fidelity %.3f analytic, %.3f compiled, %.3f optimised; final KL %@ (%.0f s)",
                                   task.name, s, o.mpsKL, o.fidelities.analytic, o.fidelities.compiled, o.fidelities.optimised,
                                   starts.map { String(format: "%@ %.3f → %.3f", $0, o.curves[$0]!.first!, o.curves[$0]!.last!) }.joined(separator: ", "),
                                   Date().timeIntervalSince(started)))
            }
            result.append(summarise(task, outcomes, settings: settings, seconds: seconds))
        }
        result.notes.append("Each seed trains a fresh MPS Born machine (Adam on the NLL, \(settings.mpsSteps) steps), truncates its "
            + "state to bond 2 layer by layer (Ran's analytic staircase: right-canonical isometries completed to 4×4 orthogonal "
            + "gates, the layer undone and the remainder decomposed again), compiles each gate into a block of 4 × (RY ⊗ RY, "
            + "CNOT) by Adam, then maximises the fidelity with the MPS state (\(settings.fidelitySteps) steps). The circuit Born "
            + "machine (real amplitudes, exact probabilities) is trained on KL by Adam (learning rate 0.02, \(settings.circuitSteps) "
            + "steps) from that start, from uniform random angles and from angles near 0 (every block the identity).")
        return result
    }

    static func summarise(_ task: Task, _ outcomes: [Outcome], settings: Settings, seconds: Double) -> ReproductionResult {
        var result = ReproductionResult()
        let paper = Reported("lower KL than random", source: "abstract")
        for name in starts {
            result.rows.append(ResultRow(label: "\(task.name): \(name)", metric: "KL after \(settings.circuitSteps) steps",
                                         values: outcomes.map { $0.curves[name]!.last! }, unit: "", higherIsBetter: false,
                                         reported: name == "MPS-initialised" ? paper : Reported("—", source: "baseline"), seconds: seconds / 3))
        }
        result.rows.append(ResultRow(label: "\(task.name): MPS χ \(settings.bond)", metric: "KL", values: outcomes.map(\.mpsKL), unit: "",
                                     higherIsBetter: false, reported: Reported("—", source: "classical stage"), seconds: 0))
        result.rows.append(ResultRow(label: "\(task.name): decomposition", metric: "fidelity, analytic gates",
                                     values: outcomes.map(\.fidelities.analytic), unit: "", higherIsBetter: true,
                                     reported: Reported("—", source: "not reported"), seconds: 0))
        result.rows.append(ResultRow(label: "\(task.name): decomposition", metric: "fidelity, optimised circuit",
                                     values: outcomes.map(\.fidelities.optimised), unit: "", higherIsBetter: true,
                                     reported: Reported("—", source: "not reported"), seconds: 0))
        var plot = LinePlot(title: "\(task.name): circuit Born machine KL (mean of \(outcomes.count) seeds)", xLabel: "Adam step",
                            yLabel: "KL(data ‖ circuit)")
        for name in starts {
            let curves = outcomes.map { $0.curves[name]! }
            let mean = curves[0].indices.map { i in curves.reduce(0) { $0 + $1[i] } / Double(curves.count) }
            plot.add(name, x: mean.indices.map(Double.init), y: mean)
        }
        result.plots.append(plot)
        return result
    }
}

extension Reproduction {
    static let tnInit = TNInit.reproduction
}
