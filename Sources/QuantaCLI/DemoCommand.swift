import Foundation
import Quanta

/// `quanta demo`: the README's main job — train the Hamiltonian-embedding re-uploading
/// classifier and the QCNN baseline on the embedded digits data (classes 0–7) with the
/// paper's settings and print both test accuracies beside the paper's.
struct DemoCommand: Command {
    let name = "demo"
    let summary = "train the HamEmb quantum classifier and the QCNN baseline on digits 0-7; print accuracies beside the paper's"
    var help: String {
        """
        Usage: quanta demo [--epochs N] [--seeds N] [--threads T] [--data-dir DIR] [--json]

        Reproduces the digits experiment of Wang et al., "Quantum Hamiltonian Embedding of Images for
        Data Reuploading Classifiers" (arXiv 2407.14055) on the embedded scikit-learn digits, classes 0-7,
        1200 random training and 100 test images per seed:
          hamemb   3 qubits, 15 layers of exp(−i·t·A/2) (A the symmetrised 8×8 image) + SU(4) blocks,
                   basis-state probabilities as logits; full batch, Adam 0.1         (paper 94.4 ± 2.8 %)
          qcnn     PennyLane QCNN: amplitude embedding on 6 qubits, conv + pool, SU(8) (paper 79.0 ± 9.1 %)
        and prints each model's test accuracy (mean ± std over seeds) beside the paper's.

        Options:
          --epochs N      epochs per model (default 500, the paper's)
          --seeds N       seeds per model (default 1; the paper used 20, quanta reproduce uses 5)
          --threads T     threads splitting each batch (default 1)
          --data-dir DIR  data root holding digits/ (default: the embedded copy)
          --json          end with one JSON line {"hamemb_test_accuracy":…, "qcnn_test_accuracy":…}
        """
    }

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: ["epochs", "seeds", "threads", "data-dir"], flagOptions: ["json"])
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let epochs = try args.int("epochs", default: 500, in: 1...100_000)
        let seeds = try args.int("seeds", default: 1, in: 1...100)
        Threading.setThreads(try args.int("threads", default: 1, in: 1...256))
        let runner = PaperRunner(io: io, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) }, quick: false, seeds: seeds)
        var rows: [ReproduceCommand.Row] = []
        for (model, label, paper) in [("hamemb", "hamemb 3q×15", PaperRunner.PaperValues.hamEmbDigits),
                                      ("qcnn", "qcnn 6q", PaperRunner.PaperValues.qcnnDigits)] {
            var recipe = try PaperRecipe.defaults(model: model, dataset: "digits")
            recipe.epochs = epochs
            recipe.evaluateEveryEpoch = false
            rows.append(try runner.rows(recipe, experiment: "demo", paper: paper, seeds: seeds, label: label))
        }
        io.out(ReproduceCommand.table(rows))
        if args.flag("json") {
            io.out(String(format: "{\"hamemb_test_accuracy\":%.4f,\"qcnn_test_accuracy\":%.4f,\"epochs\":%d,\"seeds\":%d}",
                          rows[0].mean, rows[1].mean, epochs, seeds))
        }
        return 0
    }
}
