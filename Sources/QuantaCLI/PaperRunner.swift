import Foundation
import Quanta

/// Runs the paper experiments for `reproduce` and `demo`: trains each recipe over seeds and
/// collects rows. The paper's values are the constants in `PaperValues`.
struct PaperRunner {
    var io: Console
    var dataDir: URL?
    var quick: Bool
    var seeds: Int

    /// The papers' reported test accuracies (constants from the papers, not computed here).
    enum PaperValues {
        static let hamEmbDigits = "94.4 ± 2.8 %"
        static let qcnnDigits = "79.0 ± 9.1 %"
        static let hamEmbMNISTEpoch5 = "85 % (epoch 5)"
        static let hamEmbMNISTEpoch1 = "78 % (epoch 1)"
        static let hurMNIST = "98.5 %"
        static let circle = "rises with layers, mid-90s % (paper figure, unverified)"
    }

    /// Trains `recipe` for each seed; progress to stderr.
    func rows(_ recipe: PaperRecipe, experiment: String, paper: String, seeds: Int, label: String? = nil) throws -> ReproduceCommand.Row {
        var accs: [Double] = [], seconds = 0.0, epochSeconds = 0.0
        for seed in 0..<UInt64(seeds) {
            let (train, test) = try PaperData.prepare(recipe, dataDir: dataDir, seed: seed)
            let start = Date()
            let (_, run) = try PaperTraining.run(recipe, seed: seed &+ 1701, train: train, test: test) { epoch, loss, acc in
                if epoch == 1 || epoch % Swift.max(1, recipe.epochs / 5) == 0 || recipe.epochs <= 10 {
                    io.err(String(format: "  %@ seed %d epoch %d: loss %.4f%@", label ?? recipe.model, seed, epoch, loss,
                                  acc.map { String(format: "  test %.1f%%", 100 * $0) } ?? ""))
                }
            }
            seconds += Date().timeIntervalSince(start); epochSeconds += run.epochSeconds
            accs.append(run.testAccuracy)
            io.err(String(format: "%@ on %@, seed %d: test accuracy %.2f%% (%d train / %d test, %.1f s)", label ?? recipe.model, recipe.dataset,
                          seed, 100 * run.testAccuracy, train.count, test.count, run.trainSeconds))
        }
        let epochs = recipe.optimizer == "lbfgs"
            ? "L-BFGS ≤ \(recipe.epochs) it." + (recipe.restarts > 1 ? ", best of \(recipe.restarts)" : "")
            : recipe.steps.map { "\($0) steps" } ?? "\(recipe.epochs)"
        return ReproduceCommand.Row(experiment: experiment, dataset: recipe.dataset + " " + classText(recipe.classes),
                                    model: label ?? recipe.model, epochs: epochs, accuracies: accs, seconds: seconds,
                                    epochSeconds: epochSeconds / Double(seeds), paper: paper)
    }

    func classText(_ classes: [Int]) -> String {
        classes == Array(0..<classes.count) && classes.count > 2 ? "0-\(classes.count - 1)" : classes.map(String.init).joined(separator: "/")
    }

    func hamiltonianEmbedding() throws -> [ReproduceCommand.Row] {
        var hamemb = try PaperRecipe.defaults(model: "hamemb", dataset: "digits")
        var qcnn = try PaperRecipe.defaults(model: "qcnn", dataset: "digits")
        hamemb.evaluateEveryEpoch = false; qcnn.evaluateEveryEpoch = false
        if quick { hamemb.epochs = 100; qcnn.epochs = 100 }
        var out = [try rows(hamemb, experiment: "hamiltonian-embedding", paper: quick ? "0.90 at epoch 50, 0.92 at 200 (curve)" : PaperValues.hamEmbDigits,
                            seeds: seeds, label: "hamemb 3q×15"),
                   try rows(qcnn, experiment: "hamiltonian-embedding", paper: PaperValues.qcnnDigits, seeds: seeds, label: "qcnn 6q")]
        var mnist = try PaperRecipe.defaults(model: "hamemb", dataset: "mnist")
        mnist.epochs = quick ? 1 : 5
        if quick { mnist.testSize = 2000 }
        do {
            out.append(try rows(mnist, experiment: "hamiltonian-embedding", paper: quick ? PaperValues.hamEmbMNISTEpoch1 : PaperValues.hamEmbMNISTEpoch5,
                                seeds: 1, label: "hamemb 5q×10"))
        } catch let error as DatasetError {
            io.err("skipping MNIST: \(error) (quanta datasets fetch mnist, or --data-dir)")
        }
        return out
    }

    func hur() throws -> [ReproduceCommand.Row] {
        var recipe = try PaperRecipe.defaults(model: "qcnn-hur", dataset: "mnist")
        recipe.evaluateEveryEpoch = false
        return [try rows(recipe, experiment: "qcnn-hur", paper: PaperValues.hurMNIST, seeds: seeds, label: "qcnn-hur SU4 PCA8")]
    }

    func circle() throws -> [ReproduceCommand.Row] {
        var out: [ReproduceCommand.Row] = []
        for layers in (quick ? [1, 2, 4, 6] : Array(1...8)) {
            var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
            recipe.layers = layers
            recipe.evaluateEveryEpoch = false
            if quick { recipe.testSize = 1000 }
            let cost = recipe.cost == "weighted-fidelity" ? "weighted fid." : "fidelity"
            out.append(try rows(recipe, experiment: "reupload-circle", paper: PaperValues.circle, seeds: seeds, label: "reupload-1q L=\(layers) \(cost)"))
        }
        return out
    }
}
