import Datasets
import Foundation
import Plotting
import QML

/// The `adversarial` reproduction: Ren et al.'s quantum classifier (`QuantumAdversarial`,
/// papers.md §A11) attacked by FGSM and BIM as ε grows, then trained adversarially; and the
/// hybrid CNN of Shahzad (§A10, `HybridCNN`) against its classical twin under FGSM at ε = 0.1.
public enum AdversarialPaper {
    /// ε of the sweeps (pixels in [0, 1]).
    static let epsilons = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]

    /// Test accuracy (%) under `attack(ε)` for each ε.
    static func sweep(_ model: any Layer<Float>, _ test: LabeledData,
                      _ attack: (Double) throws -> AdversarialAttack) throws -> [Double] {
        try epsilons.map { 100 * (try attack($0)).accuracy(model, test, batchSize: 500) }
    }

    static let reproduction = Reproduction(
        name: "adversarial",
        paper: PaperReference(title: "Experimental quantum adversarial learning with programmable superconducting qubits",
                              arxiv: "2204.01738", citation: "Ren et al. 2022 (Nature Computational Science); with Shahzad 2025 (§A10)"),
        summary: "8-qubit amplitude-encoded classifier (rotation + CZ layers) on MNIST 3 vs 6: accuracy under FGSM and BIM against ε, "
            + "then FGSM adversarial training; hybrid CNN vs its classical twin under FGSM at ε = 0.1",
        quickForm: "10 layers instead of 20; the CNNs 3 epochs on 20,000 images (as hybrid-cnn --quick), attacked on 2,000",
        datasets: ["mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        var result = try quantumPart(context)
        result.append(try hybridPart(context))
        return result
    }

    /// The quantum classifier clean, attacked, and adversarially trained at the first ε where FGSM
    /// brings it below 30 %.
    static func quantumPart(_ context: ReproductionContext) throws -> ReproductionResult {
        var config = try QuantumAdversarial.Config.defaults(dataset: "mnist")
        config.layers = context.quick ? 10 : 20
        config.settings.evaluateEveryEpoch = false
        let (train, test) = try config.prepare(dataDir: context.dataDir, seed: 0)
        var start = Date()
        let (model, run) = try config.train(seed: 1701, train: train, test: test)
        let trainSeconds = Date().timeIntervalSince(start)
        context.log(String(format: "qadv (%@): clean test accuracy %.2f%% (%.0f s)", config.shapeText, 100 * run.testAccuracy, trainSeconds))
        start = Date()
        let fgsm = try sweep(model, test) { try .fgsm(epsilon: $0, bounds: 0...1) }
        let bim = try sweep(model, test) { try .pgd(epsilon: $0, steps: 10, randomStart: false, bounds: 0...1) }
        let attackSeconds = Date().timeIntervalSince(start)
        context.log("FGSM: \(fgsm.map { String(format: "%.1f", $0) }), BIM: \(bim.map { String(format: "%.1f", $0) })")
        let index = fgsm.firstIndex { $0 < 30 } ?? epsilons.count - 1
        let eps = epsilons[index]
        var robust = config
        robust.settings.adversarial = "fgsm:\(eps)"
        start = Date()
        let (trained, _) = try robust.train(seed: 1701, train: train, test: test)
        let robustSeconds = Date().timeIntervalSince(start)
        let after = try sweep(trained, test) { try .fgsm(epsilon: $0, bounds: 0...1) }
        let crafted = try fixedExamples(model, test, epsilon: eps, loss: config.loss)
        let transfer = 100 * (try AdversarialAttack.fgsm(epsilon: 0)).accuracy(trained, crafted, batchSize: 500)
        context.log("after FGSM training at ε = \(eps): \(after.map { String(format: "%.1f", $0) }); on the examples crafted "
            + String(format: "against the original classifier %.1f %%", transfer))
        var result = quantumRows(config, clean: 100 * run.testAccuracy, fgsm: fgsm, bim: bim, after: after, at: index,
                                 seconds: (trainSeconds, attackSeconds, robustSeconds))
        result.rows.insert(ResultRow(label: "qadv (\(config.shapeText)): after FGSM training, on the ε = \(eps) FGSM test examples "
                                         + "crafted against the original classifier", metric: "test accuracy", values: [transfer], unit: "%",
                                     higherIsBetter: true, reported: Reported("restored (hardware, fixed adversarial set)", source: "abstract"),
                                     seconds: 0), at: 4)
        return result
    }

    /// FGSM examples of `test` at `epsilon` against `model`, kept fixed (a test set a device re-runs).
    static func fixedExamples(_ model: any Layer<Float>, _ test: LabeledData, epsilon: Double, loss: Loss<Float>) throws -> LabeledData {
        let attack = try AdversarialAttack.fgsm(epsilon: epsilon, bounds: 0...1)
        return LabeledData(features: attack.perturb(test.features, labels: test.labels, model: model, loss: loss, seed: 0), labels: test.labels)
    }

    static func quantumRows(_ config: QuantumAdversarial.Config, clean: Double, fgsm: [Double], bim: [Double], after: [Double],
                            at index: Int, seconds: (Double, Double, Double)) -> ReproductionResult {
        let claim = Reported("collapses under small ε; adversarial training restores", source: "abstract (hardware; no numbers verified)")
        let none = Reported("—", source: "not reported")
        let eps = epsilons[index]
        func row(_ label: String, _ metric: String, _ value: Double, _ reported: Reported, _ s: Double = 0) -> ResultRow {
            ResultRow(label: "qadv (\(config.shapeText)): \(label)", metric: metric, values: [value], unit: "%", higherIsBetter: true,
                      reported: reported, seconds: s)
        }
        var result = ReproductionResult(rows: [
            row("clean", "test accuracy", clean, Reported("up to 99 %", source: "abstract (hardware)"), seconds.0),
            row("FGSM ε = \(eps) (first below 30 %)", "test accuracy", fgsm[index], claim, seconds.1),
            row("BIM (10 steps) ε = \(eps)", "test accuracy", bim[index], claim),
            row("after FGSM training at ε = \(eps), white-box FGSM ε = \(eps) against it", "test accuracy", after[index], claim, seconds.2),
            row("after FGSM training, clean", "test accuracy", after[0], none),
        ])
        var plot = LinePlot(title: "Quantum classifier under attack (MNIST 3 vs 6)", xLabel: "ε", yLabel: "test accuracy (%)")
        plot.add("FGSM", x: epsilons, y: fgsm)
        plot.add("BIM, 10 steps", x: epsilons, y: bim)
        plot.add("FGSM after FGSM training at \(eps)", x: epsilons, y: after)
        result.plots.append(plot)
        result.notes.append("After adversarial training two numbers: white-box FGSM run again against the retrained classifier (the strict "
            + "measure), and the FGSM test examples crafted against the original classifier, kept fixed (what re-running stored "
            + "adversarial examples on a device measures).")
        result.notes.append("Accuracy (%) against ε = \(epsilons): FGSM \(fgsm.map { String(format: "%.1f", $0) }); "
            + "BIM \(bim.map { String(format: "%.1f", $0) }); after FGSM training \(after.map { String(format: "%.1f", $0) }).")
        return result
    }

    /// The hybrid CNN (8-qubit head) and its classical twin, trained as `hybrid-cnn` trains them,
    /// attacked by FGSM at ε = 0.1 on the test images.
    static func hybridPart(_ context: ReproductionContext) throws -> ReproductionResult {
        let reported: [HybridCNN.Head: Reported] = [
            .quantum: Reported("45.27 %", value: 45.27, source: "abstract, FGSM-style ε = 0.1, MNIST"),
            .classical: Reported("10.80 %", value: 10.80, source: "abstract, FGSM-style ε = 0.1, MNIST"),
        ]
        var rows: [ResultRow] = []
        for head in HybridCNN.Head.allCases {
            var config = try HybridCNN.Config.defaults(dataset: "mnist")
            config.head = head
            config.settings.evaluateEveryEpoch = false
            if context.quick { (config.settings.trainSize, config.settings.testSize, config.settings.epochs) = (20_000, 2000, 3) }
            let (train, test) = try config.prepare(dataDir: context.dataDir, seed: 0)
            let (model, run) = try config.train(seed: 1701, train: train, test: test)
            let start = Date()
            let attacked = try AdversarialAttack.fgsm(epsilon: 0.1, bounds: 0...1).accuracy(model, test, batchSize: 500)
            let seconds = Date().timeIntervalSince(start)
            context.log(String(format: "%@ head: clean %.2f%%, FGSM ε = 0.1 %.2f%% (attack of %d images: %.1f s)", head.rawValue,
                               100 * run.testAccuracy, 100 * attacked, test.count, seconds))
            rows.append(ResultRow(label: "hybrid CNN, \(head.rawValue) head: clean", metric: "test accuracy", values: [100 * run.testAccuracy],
                                  unit: "%", higherIsBetter: true, reported: Reported("—", source: "see hybrid-cnn"), seconds: run.trainSeconds))
            rows.append(ResultRow(label: "hybrid CNN, \(head.rawValue) head: FGSM ε = 0.1 (\(test.count) images)", metric: "test accuracy",
                                  values: [100 * attacked], unit: "%", higherIsBetter: true, reported: reported[head]!, seconds: seconds))
        }
        return ReproductionResult(rows: rows)
    }
}

extension Reproduction {
    static let adversarial = AdversarialPaper.reproduction
}
