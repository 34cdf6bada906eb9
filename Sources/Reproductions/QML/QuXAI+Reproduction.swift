import Datasets
import Foundation
import Learners
import Plotting
import QML

extension QuXAI {
    static let reproduction = Reproduction(
        name: "quxai",
        paper: PaperReference(title: "QuXAI: Explainers for Hybrid Quantum Machine Learning Models", arxiv: "2505.10167",
                              citation: "Barua et al. 2025"),
        summary: "RX(x_i) feature map; amplitude magnitudes into logistic regression, a decision tree, a random forest, naive Bayes and "
            + "kNN, the fidelity kernel into an SVM and a kNN, beside a classical RBF SVM; Q-MEDLEY importances on iris, wine and "
            + "breast cancer with two injected noise features and a redundant one",
        quickForm: "1 seed instead of 3",
        datasets: ["iris", "wine", "breast-cancer"], seeds: (full: 3, quick: 1)
    ) { context in
        var result = ReproductionResult()
        for set in sets {
            result.append(try explain(set.name, columns: set.columns, context: context))
        }
        result.notes.append("Recipe as QuXAI's ablation script: two noise columns (Gaussian and uniform, half the mean column spread) and "
            + "0.7 × the widest column + 5 % noise appended, every column standardised, a stratified 70/30 split per seed; importances "
            + "on the test rows, 5 shuffles per feature. Noise share = the larger noise feature's Q-MEDLEY score over the top "
            + "feature's, both averaged over the seeds (negative scores count as 0); one flipped prediction moves iris's accuracy "
            + "by 2.2 points, so single seeds are noisy. Breast cancer keeps its 10 mean measurements (33 qubits would not fit a "
            + "state vector). The paper reports rank agreement with interpretable models, no per-feature numbers; the issue's bar "
            + "is noise ≤ 5 % of the top feature.")
        return result
    }

    /// Accuracy, noise share and the importance charts of every model on one set, over the seeds.
    static func explain(_ name: String, columns: [String], context: ReproductionContext) throws -> ReproductionResult {
        var accuracy = [String: [Double]]()
        var medley = [String: [Double]]()
        var kernelParts = [[Double]](repeating: [], count: 4)
        var names = [String]()
        var seconds = 0.0
        var features = [String]()
        var noise = [Int]()
        for s in 0..<context.seeds {
            let started = Date()
            let table = try table(name, columns: columns, dataDir: context.dataDir, seed: UInt64(s))
            features = table.features
            noise = table.noise
            let (train, test) = split(table, seed: UInt64(s))
            let models = try models(train, seed: UInt64(s))
            names = models.names
            let importances = try FeatureImportance.measure(test.x, labels: test.labels, features: test.d, seed: UInt64(s) &+ 100,
                                                            models: names.count, predict: models.predict)
            for (model, importance) in zip(names, importances) {
                accuracy[model, default: []].append(100 * importance.baseline)
                medley[model] = add(medley[model], importance.medley, weight: 1 / Double(context.seeds))
            }
            let svm = importances[names.firstIndex(of: "fidelity kernel + SVM")!]
            let parts = [svm.dropColumn, svm.permutation, svm.medley, svm.interactionMedley]
            kernelParts = zip(kernelParts, parts).map { add($0.0, $0.1, weight: 1 / Double(context.seeds)) }
            seconds += Date().timeIntervalSince(started)
            context.log(String(format: "%@, seed %d: %.1f s; kernel SVM accuracy %.1f%%, noise share %.1f%%", name, s,
                               Date().timeIntervalSince(started), 100 * svm.baseline, 100 * noiseShare(svm.medley, noise: table.noise)))
        }
        var result = ReproductionResult()
        for model in names {
            result.rows.append(ResultRow(label: "\(name): \(model)", metric: "test accuracy", values: accuracy[model]!, unit: "%",
                                         higherIsBetter: true, reported: Reported("—", source: "no numbers extracted"),
                                         seconds: seconds / Double(names.count)))
            result.rows.append(ResultRow(label: "\(name): \(model)", metric: "noise share of top Q-MEDLEY (seed mean)", values: [100 * noiseShare(medley[model]!, noise: noise)],
                                         unit: "%", higherIsBetter: false,
                                         reported: Reported("near 0", source: "abstract; issue bar ≤ 5 %"), seconds: 0))
        }
        var parts = BarChart(title: "\(name): importances, fidelity-kernel SVM", valueLabel: "accuracy drop", categories: features)
        for (label, values) in zip(["drop-column", "permutation", "Q-MEDLEY", "Q-MEDLEY, interaction-aware"], kernelParts) {
            parts.add(label, values: values)
        }
        var all = BarChart(title: "\(name): Q-MEDLEY per model", valueLabel: "Q-MEDLEY score", categories: features)
        for model in names { all.add(model, values: medley[model]!) }
        result.plots += [parts, all]
        return result
    }

    /// max(0, the largest noise feature's score) / the top score; 0 when nothing matters.
    static func noiseShare(_ scores: [Double], noise: [Int]) -> Double {
        let top = scores.max() ?? 0
        guard top > 0 else { return 0 }
        return max(0, noise.map { scores[$0] }.max() ?? 0) / top
    }

    /// a + weight·b elementwise (b·weight when a is nil or empty).
    static func add(_ a: [Double]?, _ b: [Double], weight: Double) -> [Double] {
        guard let a, !a.isEmpty else { return b.map { $0 * weight } }
        return zip(a, b).map { $0 + weight * $1 }
    }
}

extension Reproduction {
    static let quxai = QuXAI.reproduction
}
