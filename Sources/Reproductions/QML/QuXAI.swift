import Datasets
import Foundation
import Learners
import QML

/// Barua et al., "QuXAI: Explainers for Hybrid Quantum Machine Learning Models" (arXiv
/// 2505.10167; papers.md §B5): hybrid models on the fixed feature map RX(x_i) per qubit — the
/// amplitude magnitudes fed to classical learners, or the fidelity kernel fed to an SVM and a
/// kNN — explained by Q-MEDLEY (the mean of drop-column and permutation importance) on tabular
/// sets with two injected noise features and one redundant copy of a real feature.
public enum QuXAI {
    /// A labelled table with named, standardised columns.
    struct Table {
        var name: String
        var features: [String]
        var x: [Double]
        var labels: [Int]
        var d: Int { features.count }
        var rows: Int { labels.count }
        /// Columns that carry no information by construction.
        var noise: [Int] { features.indices.filter { features[$0].hasPrefix("noise") } }
    }

    /// The sets and the columns kept: breast cancer's 10 "mean" measurements (30 + 3 qubits would
    /// not fit a state vector).
    static let sets: [(name: String, columns: [String])] = [
        ("iris", ["sepal length", "sepal width", "petal length", "petal width"]),
        ("wine", ["alcohol", "malic acid", "ash", "alcalinity of ash", "magnesium", "total phenols", "flavanoids",
                  "nonflavanoid phenols", "proanthocyanins", "colour intensity", "hue", "OD280/OD315", "proline"]),
        ("breast-cancer", ["mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness", "mean compactness",
                           "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension"]),
    ]

    /// The set's kept columns plus Gaussian and uniform noise (scaled to half the mean column
    /// spread) and a redundant copy of the widest column (0.7·x + 5 % noise), all standardised —
    /// QuXAI's recipe, seeded.
    static func table(_ name: String, columns: [String], dataDir: URL?, seed: UInt64) throws -> Table {
        let split = try DatasetRegistry.load(name, dataDir: dataDir).train
        let width = split.features.shape[1]
        let all = split.features.scalars.map(Double.init)
        let n = split.labels.count
        var cols = (0..<columns.count).map { j in (0..<n).map { all[$0 * width + j] } }
        let spread = cols.map { FeatureImportance.columnStatistics(0, $0, rows: n, features: 1).std }
        let scale = 0.5 * spread.reduce(0, +) / Double(spread.count)
        let widest = spread.indices.max { spread[$0] < spread[$1] }!
        var rng = RandomGenerator(seed: seed)
        cols.append((0..<n).map { _ in scale * rng.nextNormal() })
        cols.append((0..<n).map { _ in scale * (2 * rng.nextUnit() - 1) })
        let jitter = 0.05 * spread[widest]
        cols.append(cols[widest].map { v -> Double in 0.7 * v + jitter * rng.nextNormal() })
        let names = columns + ["noise (Gaussian)", "noise (uniform)", "redundant \(columns[widest])"]
        let standardised = cols.map { c -> [Double] in
            let s = FeatureImportance.columnStatistics(0, c, rows: n, features: 1)
            return c.map { ($0 - s.mean) / max(s.std, 1e-12) }
        }
        let x = (0..<(n * names.count)).map { standardised[$0 % names.count][$0 / names.count] }
        return Table(name: name, features: names, x: x, labels: split.labels)
    }

    /// Rows `rows` of `t`.
    static func subset(_ t: Table, _ rows: [Int]) -> Table {
        Table(name: t.name, features: t.features, x: rows.flatMap { t.x[($0 * t.d)..<(($0 + 1) * t.d)] }, labels: rows.map { t.labels[$0] })
    }

    /// A stratified split, 70 % of each class to training, seeded.
    static func split(_ t: Table, seed: UInt64) -> (train: Table, test: Table) {
        var rng = RandomGenerator(seed: seed)
        var train = [Int](), test = [Int]()
        for cls in Set(t.labels).sorted() {
            let rows = t.labels.indices.filter { t.labels[$0] == cls }
            let order = rng.permutation(rows.count).map { rows[$0] }
            let cut = (rows.count * 7 + 5) / 10
            train += order[..<cut]
            test += order[cut...]
        }
        return (subset(t, train), subset(t, test))
    }
}

extension QuXAI {
    static let amplitudeModels = ["logistic regression", "decision tree", "random forest", "naive Bayes", "kNN (5)"]
    static let kernelModels = ["SVM", "kNN (5, 1 − fidelity)"]

    /// The fitted models on the training rows: the amplitude-magnitude learners, the
    /// fidelity-kernel learners and a classical RBF SVM on the raw features. `predict` labels
    /// rows for every model in `names` order, encoding each row once.
    struct Models {
        var names: [String]
        var predict: ([Double]) throws -> [[Int]]
    }

    static func models(_ train: Table, seed: UInt64) throws -> Models {
        let map = try QuantumFeatureMap(Encoders.angle(features: train.d, axis: .x))
        let kernel = try FidelityKernel(map.encoding)
        let trainStates = try map.states(train.x)
        let amplitudes = trainStates.map { $0.magnitudeSquared.squareRoot() }
        let width = 1 << train.d
        let y = train.labels
        let learners: [any Classifier] = [
            try LogisticRegression.fit(amplitudes, labels: y, features: width),
            try DecisionTree.fit(amplitudes, labels: y, features: width, seed: seed),
            try RandomForest.fit(amplitudes, labels: y, features: width, trees: 100, seed: seed),
            try GaussianNaiveBayes.fit(amplitudes, labels: y, features: width),
            try NearestNeighbors.fit(amplitudes, labels: y, features: width, k: 5),
        ]
        let gram = kernel.matrix(states: trainStates, trainStates)
        let svm = try MulticlassSVM.fit(gram, labels: y, features: y.count, kernel: .precomputed)
        let knn = try NearestNeighbors.fit(gram.map { 1 - $0 }, labels: y, features: y.count, k: 5, metric: .precomputed)
        let classical = try MulticlassSVM.fit(train.x, labels: y, features: train.d)
        return Models(names: amplitudeModels.map { "amplitudes + \($0)" } + kernelModels.map { "fidelity kernel + \($0)" }
                          + ["classical SVM (RBF)"]) { x in
            let states = try map.states(x)
            let a = states.map { $0.magnitudeSquared.squareRoot() }
            let k = kernel.matrix(states: states, trainStates)
            return learners.map { $0.predict(a) } + [svm.predict(k), knn.predict(k.map { 1 - $0 }), classical.predict(x)]
        }
    }
}
