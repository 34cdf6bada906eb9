import Foundation
import Quanta

/// `quanta reproduce EXPERIMENT`: reruns a paper's experiments and prints Quanta's numbers
/// beside the paper's. Every Quanta number is computed in the run; the paper's are constants.
struct ReproduceCommand: Command {
    let name = "reproduce"
    let summary = "rerun a paper's experiments and print Quanta's test accuracies beside the paper's"
    var help: String {
        """
        Usage: quanta reproduce EXPERIMENT [--quick] [--seeds N] [--json] [--threads T] [--data-dir DIR]

        Experiments:
          hamiltonian-embedding   Wang et al. 2024 (arXiv 2407.14055): HamEmb re-uploading classifier vs
                                  the PennyLane QCNN on digits 0-7 (3 qubits, 15 layers, 500 full-batch
                                  epochs, Adam 0.1, 1200 train / 100 test), and HamEmb on MNIST 0-7
                                  (5 qubits, 10 layers of SU(32), 5 epochs, batch 1000) when MNIST is present
          qcnn-hur                Hur et al. 2022: 8-qubit QCNN, MNIST 0 vs 1, PCA-8, SU(4) convolutions
          reupload-circle         Pérez-Salinas et al. 2020: 1-qubit re-uploading, circle, 1…8 layers
          all                     all of the above

          --quick         fewer epochs, seeds and samples: a few minutes in all
          --seeds N       seeds per experiment (default 5; --quick 2)
          --json          end with one JSON line holding every row
          --threads T     BLAS threads (default 1)
          --data-dir DIR  data root holding mnist/ (also $QUANTA_DATA)
        """
    }

    /// One row of the table.
    struct Row {
        var experiment: String, dataset: String, model: String, epochs: String
        var accuracies: [Double], seconds: Double, epochSeconds: Double
        var paper: String
        var mean: Double { accuracies.reduce(0, +) / Double(Swift.max(accuracies.count, 1)) }
        var std: Double {
            guard accuracies.count > 1 else { return 0 }
            let m = mean
            return (accuracies.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(accuracies.count - 1)).squareRoot()
        }
    }

    static let experiments = ["hamiltonian-embedding", "qcnn-hur", "reupload-circle", "all"]

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: ["seeds", "threads", "data-dir"], flagOptions: ["quick", "json"])
        guard args.positionals.count == 1, Self.experiments.contains(args.positionals[0]) else {
            throw UsageError("name one experiment: \(Self.experiments.joined(separator: ", "))")
        }
        let experiment = args.positionals[0], quick = args.flag("quick")
        let seeds = try args.int("seeds", default: quick ? 2 : 5, in: 1...100)
        Threading.setThreads(try args.int("threads", default: 1, in: 1...256))
        let dataDir = args.string("data-dir").map { URL(fileURLWithPath: $0) }
        let runner = PaperRunner(io: io, dataDir: dataDir, quick: quick, seeds: seeds)
        var rows: [Row] = []
        if experiment == "hamiltonian-embedding" || experiment == "all" { rows += try runner.hamiltonianEmbedding() }
        if experiment == "qcnn-hur" || experiment == "all" { rows += try runner.hur() }
        if experiment == "reupload-circle" || experiment == "all" { rows += try runner.circle() }
        io.out(Self.table(rows))
        if args.flag("json") {
            io.out(try JSONLineText.encode(["experiment": experiment, "quick": quick, "rows": rows.map { r in [
                "experiment": r.experiment, "dataset": r.dataset, "model": r.model, "epochs": r.epochs,
                "test_accuracy_mean": r.mean, "test_accuracy_std": r.std, "test_accuracies": r.accuracies,
                "seconds": r.seconds, "epoch_seconds": r.epochSeconds, "paper": r.paper,
            ] as [String: Any] }]))
        }
        return 0
    }

    static func table(_ rows: [Row]) -> String {
        let header = ["dataset", "model", "epochs", "seeds", "test accuracy (Quanta)", "paper", "time"]
        let cells = rows.map { r in
            [r.dataset, r.model, r.epochs, "\(r.accuracies.count)",
             r.accuracies.count > 1 ? String(format: "%.1f ± %.1f %%", 100 * r.mean, 100 * r.std) : String(format: "%.1f %%", 100 * r.mean),
             r.paper, String(format: "%.0f s (%.2f s/epoch)", r.seconds, r.epochSeconds)]
        }
        let widths = header.indices.map { c in ([header[c]] + cells.map { $0[c] }).map(\.count).max()! }
        func line(_ v: [String]) -> String { v.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + cells.map(line)).joined(separator: "\n")
    }
}
