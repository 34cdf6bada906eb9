import Foundation
import Quanta
import Reproductions

/// `quanta train`: trains a catalog model (mlp, cnn, lenet5) or a paper model (from
/// `Reproductions.models`) on a data set, with checkpoints every epoch, bit-identical
/// `--resume`, progress and metrics. Each family refuses the other's options.
struct TrainCommand: Command {
    let name = "train"
    let summary = "train a model on a data set (checkpoints, --resume, metrics as JSON lines)"
    var usage: [String] { ["train [--model \((ModelCatalog.names + Self.paperNames).joined(separator: "|"))] [--dataset NAME] [options]"] }
    let discussion = """
        Trains a model and reports its test accuracy (a regression: its test errors). Data sets
        without their own test split get a seeded stratified --test-fraction; --validation-fraction
        of the training part is held out for per-epoch validation (best model, early stopping).
        Features are standardised with the training part's per-channel (per-feature) mean and std.
        """
    let epilogue = "Example: quanta train --model lenet5 --dataset mnist --epochs 3 --save lenet.safetensors"

    static var paperNames: [String] { Reproductions.models.map(\.name) }

    static let model = OptionSection("Model", [
        Option("model", "NAME", "mlp, cnn (3×3 convolutions), lenet5 (images ≥ 16×16), resnet20 (ResNet-20 with BatchNorm), mobilenet (depthwise-separable; both images ≥ 8×8); for sequences rnn, lstm, gru, their quantum versions qrnn, qlstm, qgru (every affine map a variational circuit) and qfwp (quantum fast-weight programmer); or a paper model below", default: "mlp"),
        Option("hidden", "128,64", "mlp hidden widths; the recurrent models' hidden width (16; quantum: the qubits)"),
        Option("channels", "N", "cnn first-layer channels", .int(1...4096), default: "16"),
    ])

    static let data = OptionSection("Data", [
        Option("dataset", "NAME", "data set (quanta datasets list), or your own: csv:TABLE.csv (header row, numeric "
            + "features, a class column) or npy:FEATURES.npy,LABELS.npy", default: "digits; a paper model: its paper's"),
        Option("label-column", "NAME", "the target column of a csv: table", default: "its last column"),
        Option("task", "T", "forecast: cut a series (a forecasting set, a generated one, or your csv:/npy: series) into "
            + "windows; for your own data: real numbers are regression, integers or names classes",
               .choice(TrainConfig.tasks), default: "chosen from the target"),
        Option("window", "W", "forecast: steps per input window", .int(1...100_000)),
        Option("horizon", "H", "forecast: steps predicted after each window", .int(1...100_000), default: "1"),
        Option("test-fraction", "F", "test part of a set without a test split", .double(0.01...0.9), default: "0.2"),
        Option("validation-fraction", "F", "validation part of the training data", .double(0...0.9), default: "0.05"),
    ])

    static let optimisation = OptionSection("Optimisation", [
        Option("epochs", "N", "epochs", .int(1...100_000), default: "10; a paper model: its paper's"),
        Option("batch-size", "N", "samples per step", .int(1...1_000_000), default: "32"),
        Option("optimizer", "NAME", "adam|adamw|sgd|momentum|nesterov|rmsprop; paper models: "
            + PaperOptimizer.allCases.map(\.rawValue).joined(separator: "|"), default: "adam"),
        Option("lr", "X", "learning rate (adam/adamw 0.003, sgd 0.05, momentum/nesterov 0.01, rmsprop 0.001)",
               .double(1e-12...100)),
        Option("weight-decay", "X", "weight decay (adamw 0.01)", .double(0...10), default: "0"),
        Option("schedule", "NAME", "per-step learning-rate schedule", .choice(TrainConfig.schedules), default: "cosine"),
        Option("warmup", "EPOCHS", "linear warm-up epochs", .int(0...100_000), default: "0"),
        Option("label-smoothing", "X", "label smoothing of the cross-entropy", .double(0...0.99), default: "0"),
        Option("clip-norm", "X", "clip the gradients' joint L2 norm", .double(1e-9...1e9)),
        Option("patience", "EPOCHS", "early stopping after this many epochs without a better validation accuracy",
               .int(1...100_000)),
        Option("adversarial", "SPEC", "adversarial training: each batch also as attacked by fgsm:ε or pgd:ε[:steps[:linf|l2]] "
            + "(ε in the data's units, e.g. pixels), against the model being trained"),
    ])

    static let files = OptionSection("Files", [
        Option("save", "FILE", "checkpoint (safetensors) after every epoch; best model in FILE.best"),
        Option("checkpoint-every", "N", "also every N optimizer steps", .int(1...Int.max)),
        Option("resume", "FILE", "continue the run saved in FILE with its stored settings (an option that differs is "
            + "refused); --epochs N may extend it, the learning-rate schedule keeping its length"),
        Option("metrics-out", "FILE", "one JSON line per epoch (appended)"),
    ])

    /// The paper models' settings beside the shared epochs, batch size, rate and optimizer;
    /// a setting several models take lists each model's meaning.
    static var paper: OptionSection {
        let shared = Set((model.options + data.options + optimisation.options).map(\.name))
        var order: [String] = []
        var helps: [String: [String]] = [:]
        var valueNames: [String: String] = [:]
        for m in Reproductions.models {
            for o in m.options where !shared.contains(o.name) {
                if helps[o.name] == nil {
                    order.append(o.name)
                    helps[o.name] = Self.catalogCircuitOptions[o.name] ?? []
                }
                helps[o.name, default: []].append("\(m.name): \(o.help)")
                valueNames[o.name] = o.valueName
            }
        }
        let common = Set(ClassifierSettings.options.map(\.name))
        let options = order.map { name in
            Option(name, valueNames[name]!, Self.merged(helps[name]!, shared: common.contains(name)))
        }
        let width = paperNames.map(\.count).max() ?? 0
        let list = Reproductions.models.map { "--model " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
        let note = list.joined(separator: "\n")
            + "\nThe paper's settings are the defaults (pixels in [0, 1], not standardised); they take --epochs --batch-size"
            + "\n--lr --optimizer --seed and:"
        return OptionSection("Paper models", options, note: note)
    }

    /// The paper options the quantum recurrent catalog models take too.
    static let catalogCircuitOptions = [
        "qubits": ["qrnn/qlstm/qgru/qfwp: circuit qubits (4; qfwp 8)"],
        "layers": ["qrnn/qlstm/qgru: circuit layers (1); qfwp: circuit depth (2)"],
    ]

    /// One help for a setting several models take: "model: help" each, or the help alone when all agree.
    static func merged(_ helps: [String], shared: Bool) -> String {
        let texts = helps.map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) }
        return shared || Set(texts).count == 1 ? texts[0] : helps.joined(separator: "; ")
    }

    static let distributed = OptionSection("Distributed", DistributedRun.options, note: """
        mpirun -np K quanta train … --distributed: each rank takes 1/K of every batch (the batch size
        stays the global one), the gradients are summed over the ranks (allreduce) and every rank
        takes the same step; the parameters are checked to be identical after every epoch. The result
        is the one-process run's up to the order of additions (per-step gradients agree to ~1e-6).
        """)

    var sections: [OptionSection] {
        [Self.model, Self.paper, Self.data, Self.optimisation, Self.files, Self.distributed,
         CommonOptions.section([CommonOptions.seed, CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json])]
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        Threading.setThreads(try args.int("threads"))
        try Self.checkOutputs(args)
        let collective = try DistributedRun.collective(args)
        let name = try args.url("resume").flatMap(Self.storedPaperModel) ?? args.string("model") ?? "mlp"
        if let entry = Reproductions.model(named: name) { return try runPaper(entry, args, collective: collective, io: io) }
        if args.given("model") && !ModelCatalog.names.contains(name) {
            let known = ModelCatalog.names + Self.paperNames
            throw UsageError("--model must be one of \(known.joined(separator: ", ")), got '\(name)'"
                + Suggestion.text(for: name, among: known))
        }
        return try runClassical(args, collective: collective, io: io)
    }

    /// --save and --metrics-out are writable and distinct, --metrics-out is not the checkpoint
    /// to resume and only ever grows a JSON-lines file. --save may be the --resume file (the
    /// run continues in place).
    static func checkOutputs(_ args: Arguments) throws {
        let inputs = OutputFiles.given(args, ["resume"])
        var outputs = OutputFiles.given(args, ["metrics-out"])
        if let save = OutputFiles.given(args, ["save"]).first {
            if inputs.contains(where: { OutputFiles.sameFile($0.url, save.url) }) {
                try OutputFiles.checkWritable(save)   // the run continues in place
            } else {
                outputs.insert(save, at: 0)
            }
        }
        try OutputFiles.check(outputs: outputs, inputs: inputs)
        if let metrics = args.url("metrics-out") { try OutputFiles.checkJSONLines(metrics, option: "metrics-out") }
    }

    /// The paper model a checkpoint to resume holds, if it is one (its "quanta.recipe").
    static func storedPaperModel(_ url: URL) throws -> String? {
        let metadata = try Checkpoint.metadata(of: url)
        guard metadata[PaperModel.metadataKey] != nil else { return nil }
        return try ModelCatalog.spec(in: metadata, file: url.path).name
    }
}
