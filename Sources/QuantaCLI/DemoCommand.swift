import Foundation
import Quanta
import Reproductions

/// `quanta demo`: the README's main job — the digits part of the `hamiltonian-embedding`
/// reproduction (HamEmb re-uploading classifier and the QCNN baseline on digits 0-7, the
/// paper's settings) with demo-sized seeds.
struct DemoCommand: Command {
    let name = "demo"
    let summary = "train the HamEmb quantum classifier and the QCNN baseline on digits 0-7; print accuracies beside the paper's"
    let usage = ["demo [--epochs N] [--seeds N] [--threads T] [--data-dir DIR] [--json]"]
    let discussion = """
        Reproduces the digits experiment of Wang et al., "Quantum Hamiltonian Embedding of Images for
        Data Reuploading Classifiers" (arXiv 2407.14055) on the embedded scikit-learn digits, classes 0-7,
        1200 random training and 100 test images per seed:
          hamemb   3 qubits, 15 layers of exp(−i·t·A/2) (A the symmetrised 8×8 image) + SU(4) blocks,
                   basis-state probabilities as logits; full batch, Adam 0.1         (paper 94.4 ± 2.8 %)
          qcnn     PennyLane QCNN: amplitude embedding on 6 qubits, conv + pool, SU(8) (paper 79.0 ± 9.1 %)
        and prints each model's test accuracy (mean ± std over seeds) beside the paper's.
        """
    let sections = [
        OptionSection("Options", [
            Option("epochs", "N", "epochs per model (the paper's 500)", .int(1...100_000), default: "500"),
            Option("seeds", "N", "seeds per model (the paper used 20, quanta reproduce 5)", .int(1...100), default: "1"),
        ]),
        CommonOptions.section([CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json]),
    ]

    /// `--json`: both mean test accuracies.
    struct Result: Encodable {
        var hamembTestAccuracy: Double
        var qcnnTestAccuracy: Double
        var epochs: Int
        var seeds: Int
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        let epochs = try args.int("epochs")
        let seeds = try args.int("seeds")
        Threading.setThreads(try args.int("threads"))
        let log = io.err
        let context = ReproductionContext(quick: false, seeds: seeds, dataDir: args.url("data-dir"), log: { log($0) })
        let result = try HamiltonianEmbedding.digitsRows(context, epochs: epochs)
        io.out(result.table)
        if args.flag("json") {
            let accuracies = result.rows.map { $0.value / 100 }
            io.out(try JSONLine.encode(Result(hamembTestAccuracy: accuracies[0], qcnnTestAccuracy: accuracies[1],
                                              epochs: epochs, seeds: seeds)))
        }
        return 0
    }
}
