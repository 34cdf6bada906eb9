import Datasets
import Foundation
import Learners
import NeuralNetworks
import QML

extension ProteinQTN {
    /// The four tensor-network circuits of the paper: path and tree, hierarchical and uniform sharing.
    static let networks: [(name: String, shape: SequenceTensorNetwork.Shape, sharing: SequenceTensorNetwork.Sharing, hidden: Int)] = [
        ("hPTN (path, 8 cells along the window)", .path, .hierarchical(8), 3),
        ("uPTN (path, one cell)", .path, .uniform, 3),
        ("hCTN (tree, one cell per level)", .tree, .hierarchical(5), 1),
        ("uCTN (tree, one cell)", .tree, .uniform, 1),
    ]
    static let layers = 4

    static let reproduction = Reproduction(
        name: "protein-qtn",
        paper: PaperReference(title: "Application of Quantum Tensor Networks for Protein Classification", arxiv: "2403.06890",
                              citation: "Kundu et al. 2024"),
        summary: "Secreted vs cytoplasmic proteins of SCL2205 from their first 32 residues: path and tree tensor-network circuits "
            + "(one-qubit word states, shared real cells, hierarchical or uniform sharing) beside k-mer logistic regression and a "
            + "1-D CNN",
        quickForm: "1 seed, 4 epochs, the first 1,200 training sequences",
        datasets: ["scl2205"], seeds: (full: 3, quick: 1)
    ) { context in
        let task = try task(dataDir: context.dataDir, limit: context.quick ? 1200 : nil)
        let epochs = context.quick ? 4 : 20
        context.log("\(task.train.count) training and \(task.test.count) test sequences (\(task.trainLabels.filter { $0 == 1 }.count) and "
            + "\(task.testLabels.filter { $0 == 1 }.count) secreted)")
        var result = ReproductionResult()
        var curves = LinePlot(title: "Training loss (seed 0)", xLabel: "epoch", yLabel: "binary cross-entropy")
        for spec in networks {
            var accuracy = [Double]()
            var seconds = 0.0
            var count = 0
            for s in 0..<context.seeds {
                var net = try SequenceTensorNetwork(shape: spec.shape, sharing: spec.sharing, vocabulary: ProteinSequences.alphabet.count,
                                                    hiddenQubits: spec.hidden, layers: layers, window: window, seed: UInt64(s))
                count = net.parameterCount
                let started = Date()
                let losses = try net.fit(task.train, labels: task.trainLabels, epochs: epochs, batchSize: 32, learningRate: 0.02,
                                         threads: context.threads, seed: UInt64(s) &+ 50) { epoch, loss in
                    context.log(String(format: "%@, seed %d, epoch %d: loss %.4f", spec.name, s, epoch + 1, loss))
                }
                seconds += Date().timeIntervalSince(started)
                accuracy.append(100 * ClassifierScores.accuracy(try net.predict(task.test), task.testLabels))
                context.log(String(format: "%@, seed %d: test accuracy %.1f%%", spec.name, s, accuracy.last!))
                if s == 0 { curves.add(spec.name, y: losses) }
            }
            let best = spec.name.hasPrefix("hPTN")
            result.rows.append(ResultRow(label: "\(spec.name), \(count) parameters", metric: "test accuracy", values: accuracy, unit: "%",
                                         higherIsBetter: true,
                                         reported: best ? Reported("94 % (≈ 800 parameters)", value: 94, source: "abstract") : Reported("below hPTN", source: "abstract"),
                                         seconds: seconds))
        }
        result.rows += try baselines(task, context: context)
        result.plots.append(curves)
        result.notes.append("Task (the paper does not name its two classes): SCL2205's Secreted (class 1) against Cytoplasm (class 0), "
            + "its homology-reduced train and test splits, the first 32 residues of each sequence. Circuits: one-qubit word states "
            + "RY(θ_token)|0⟩ for the 25 codes; cells are \(layers) layers of RY on every qubit and a CNOT chain (real, so the "
            + "registers are real density matrices); the path's register has 3 qubits and meets one word per step (the word qubit "
            + "traced out afterwards), the tree joins 1-qubit nodes pairwise over 5 levels; P(secreted) = σ(a⟨Z⟩ + b). Adam, "
            + "learning rate 0.02, batches of 32. The CNN and logistic regression are classical baselines; the paper's 98 % ESM2 "
            + "row needs an 8M-parameter protein language model and is left out.")
        return result
    }

    /// k-mer logistic regression (on the window and on whole sequences) and the 1-D CNN.
    static func baselines(_ task: Task, context: ReproductionContext) throws -> [ResultRow] {
        var rows = [ResultRow]()
        for (label, train, test) in [("k-mer logistic regression, first 32 residues", task.train, task.test),
                                     ("k-mer logistic regression, whole sequence", task.trainFull, task.testFull)] {
            let started = Date()
            let model = try LogisticRegression.fit(kmers(train), labels: task.trainLabels, features: 420, c: 10)
            let accuracy = 100 * ClassifierScores.accuracy(model.predict(kmers(test)), task.testLabels)
            rows.append(ResultRow(label: "\(label), 842 parameters", metric: "test accuracy", values: [accuracy], unit: "%",
                                  higherIsBetter: true, reported: Reported("—", source: "not in the paper"),
                                  seconds: Date().timeIntervalSince(started)))
        }
        var accuracy = [Double]()
        var count = 0
        let started = Date()
        for s in 0..<context.seeds {
            let model = cnn(seed: UInt64(s))
            count = model.parameters.reduce(0) { $0 + $1.value.count }
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 3e-3), batchSize: 32, seed: UInt64(s))
            _ = try trainer.fit(LabeledData(features: oneHot(task.train), labels: task.trainLabels),
                                options: FitOptions(epochs: context.quick ? 4 : 20))
            model.isTraining = false
            let logits = model(Variable(oneHot(task.test))).value.scalars
            let predicted = task.testLabels.indices.map { logits[2 * $0 + 1] > logits[2 * $0] ? 1 : 0 }
            accuracy.append(100 * ClassifierScores.accuracy(predicted, task.testLabels))
        }
        rows.append(ResultRow(label: "1-D CNN (two convolutions), \(count) parameters", metric: "test accuracy", values: accuracy, unit: "%",
                              higherIsBetter: true, reported: Reported("—", source: "not in the paper"), seconds: Date().timeIntervalSince(started)))
        return rows
    }
}

extension Reproduction {
    static let proteinQTN = ProteinQTN.reproduction
}
