import Datasets
import Foundation
import Learners
import Plotting
import QML

/// Joshi, Katyayan & Ahmed, "Evaluating the performance of sentence level features and domain
/// sensitive optimizers for VQC-based sentiment classification" (arXiv 2102.08949; papers.md §B2):
/// review sentences → TF-IDF → 5 principal components → a 5-qubit variational classifier
/// (ZZ feature map, EfficientSU2 ansatz, parity readout) trained with AQGD and with COBYLA for 100
/// and 150 epochs, beside classical learners on the same 5 features.
public enum LocalOptimizers {
    static let qubits = 5

    /// The features of one split: TF-IDF and PCA fitted on the training sentences, each
    /// component min–max scaled to [0, π] by the training range.
    struct Features {
        var train: [Double]
        var test: [Double]
        var trainLabels: [Int]
        var testLabels: [Int]
        /// Logistic regression's test predictions on the whole TF-IDF rows, before PCA.
        var fullTFIDF: [Int]
    }

    /// A stratified split (75 % of each class to training), seeded.
    static func features(_ sentences: LabeledSentences, seed: UInt64) throws -> Features {
        var rng = RandomGenerator(seed: seed)
        var trainRows = [Int]()
        var testRows = [Int]()
        for cls in sentences.classes.indices {
            let rows = sentences.labels.indices.filter { sentences.labels[$0] == cls }
            let order = rng.permutation(rows.count).map { rows[$0] }
            let cut = rows.count * 3 / 4
            trainRows += order[..<cut]
            testRows += order[cut...]
        }
        let train = sentences.subset(trainRows)
        let test = sentences.subset(testRows)
        let tfidf = try TFIDF.fit(train.texts)
        let rowsA = tfidf.transform(train.texts)
        let rowsB = tfidf.transform(test.texts)
        let full = try LogisticRegression.fit(rowsA.scalars.map(Double.init), labels: train.labels, features: tfidf.vocabulary.count)
        let pca = try PCA.fit(rowsA, components: qubits)
        let a = pca.transform(rowsA).scalars.map(Double.init)
        let b = pca.transform(rowsB).scalars.map(Double.init)
        let (low, high) = (0..<qubits).map { j in
            let column = stride(from: j, to: a.count, by: qubits).map { a[$0] }
            return (column.min()!, column.max()!)
        }.reduce(into: ([Double](), [Double]())) { $0.0.append($1.0); $0.1.append($1.1) }
        func scaled(_ x: [Double]) -> [Double] {
            x.enumerated().map { i, v in Double.pi * (v - low[i % qubits]) / max(high[i % qubits] - low[i % qubits], 1e-12) }
        }
        return Features(train: scaled(a), test: scaled(b), trainLabels: train.labels, testLabels: test.labels,
                        fullTFIDF: full.predict(rowsB.scalars.map(Double.init)))
    }

    /// ZZ feature map (2 reps, full entanglement) + EfficientSU2 (3 reps, 40 weights); class 0
    /// with probability P(even parity) = (1 + ⟨Z⊗5⟩)/2, class 1 the rest; log-probabilities out.
    static func classifier(seed: UInt64) throws -> Sequential<Float> {
        let circuit = Encoders.iqp(qubits: qubits, reps: 2) + Templates.efficientSU2(qubits: qubits, reps: 3)
        let parity = PauliString(xMask: 0, zMask: (1 << qubits) - 1)
        let readout = QuantumReadout.expectations([.pauli(PauliSum([(0.5, PauliString()), (0.5, parity)])),
                                                   .pauli(PauliSum([(0.5, PauliString()), (-0.5, parity)]))])
        return Sequential<Float>([try QuantumLayer<Float>(circuit, readout: readout, seed: seed), LogProbability<Float>()])
    }

    /// Labelled rows for the classifier: the ZZ map's inputs of `x`.
    static func data(_ x: [Double], _ labels: [Int]) -> LabeledData {
        let inputs = Encoders.zzFeatureMapInputs(x, features: qubits)
        let width = inputs.count / labels.count
        return LabeledData(features: Tensor(shape: [labels.count, width], scalars: inputs.map { Float($0) }), labels: labels)
    }

    struct Outcome {
        var accuracy: Double
        var f1: Double
        var losses: [Double]
        var seconds: Double
    }

    /// Trains a fresh classifier with `minimizer` (full-batch cross-entropy) and scores the test rows.
    static func train(_ f: Features, with minimizer: any Minimizer, seed: UInt64) throws -> Outcome {
        let model = try classifier(seed: seed)
        let trainer = Trainer(model: model, optimizer: SGD(model.parameters, learningRate: 0), batchSize: f.trainLabels.count, seed: seed)
        let started = Date()
        let result = try trainer.minimize(data(f.train, f.trainLabels), with: minimizer)
        model.isTraining = false
        let test = data(f.test, f.testLabels)
        let logits = model(Variable(test.features)).value.scalars
        let predicted = (0..<f.testLabels.count).map { logits[2 * $0 + 1] > logits[2 * $0] ? 1 : 0 }
        return Outcome(accuracy: ClassifierScores.accuracy(predicted, f.testLabels), f1: ClassifierScores.f1(predicted, f.testLabels),
                       losses: result.history, seconds: Date().timeIntervalSince(started))
    }

    /// Logistic regression, an RBF SVM and a random forest on the same (scaled) 5 features.
    static func baselines(_ f: Features, seed: UInt64) throws -> [(String, [Int])] {
        let d = qubits
        let lr = try LogisticRegression.fit(f.train, labels: f.trainLabels, features: d)
        let svm = try SupportVectorMachine.fit(f.train, labels: f.trainLabels, features: d)
        let forest = try RandomForest.fit(f.train, labels: f.trainLabels, features: d, trees: 100, seed: seed)
        return [("logistic regression", lr.predict(f.test)), ("SVM (RBF, SMO)", svm.predict(f.test)),
                ("random forest (100 trees)", forest.predict(f.test)), ("logistic regression on all TF-IDF terms (no PCA)", f.fullTFIDF)]
    }
}
