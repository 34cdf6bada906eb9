import Foundation
import Quanta
import Reproductions

/// The one rule of `--resume`: a resumed run keeps every setting stored in its checkpoint.
/// Options that would change one are refused (the same value is accepted); `--epochs N` may
/// extend the run to N ≥ its stored epochs, and the learning-rate schedule keeps the length
/// of the stored run (cosine stays at its final rate, step and exponential keep decaying).
extension TrainCommand {
    /// Options that shape a catalog run, each as its configuration reads it.
    static let catalogRunSettings: [(option: String, value: (TrainConfig) -> String)] = [
        ("model", { $0.model }),
        ("dataset", { $0.dataset.lowercased() }),
        ("seed", { "\($0.seed)" }),
        ("batch-size", { "\($0.batchSize)" }),
        ("optimizer", { $0.optimizer }),
        ("lr", { "\($0.learningRate)" }),
        ("weight-decay", { "\($0.weightDecay)" }),
        ("schedule", { $0.schedule }),
        ("warmup", { "\($0.warmup)" }),
        ("label-smoothing", { "\($0.labelSmoothing)" }),
        ("clip-norm", { $0.clipNorm.map { "\($0)" } ?? "none" }),
        ("patience", { $0.patience.map { "\($0)" } ?? "none" }),
        ("test-fraction", { "\($0.testFraction)" }),
        ("validation-fraction", { "\($0.validationFraction)" }),
        ("hidden", { ($0.hidden ?? [128, 64]).map(String.init).joined(separator: ",") }),
        ("channels", { "\($0.channels ?? 16)" }),
        ("label-column", { $0.labelColumn ?? "the last column" }),
        ("task", { $0.task ?? "chosen from the target" }),
        ("window", { $0.window.map { "\($0)" } ?? "none" }),
        ("horizon", { "\($0.horizon ?? 1)" }),
        ("qubits", { $0.qubits.map { "\($0)" } ?? "the model's default" }),
        ("layers", { $0.circuitLayers.map { "\($0)" } ?? "the model's default" }),
        ("adversarial", { $0.adversarial ?? "none" }),
    ]

    /// The stored run, extended when `--epochs` asks for more; refuses options that contradict it.
    static func resumedConfig(_ args: Arguments, requested: TrainConfig, stored: TrainConfig, file: String) throws -> TrainConfig {
        for (option, value) in catalogRunSettings where args.given(option) && value(requested) != value(stored) {
            throw contradiction(option, args, stored: value(stored), file: file)
        }
        guard args.given("epochs") else { return stored }
        return try extended(stored, to: requested.epochs, storedEpochs: stored.epochs, file: file)
    }

    /// `stored` run to `epochs`, refusing fewer epochs than it was started for.
    static func extended(_ stored: TrainConfig, to epochs: Int, storedEpochs: Int, file: String) throws -> TrainConfig {
        guard epochs >= storedEpochs else {
            throw UsageError("--epochs \(epochs): the run in \(file) is set for \(storedEpochs) epochs; "
                + "--epochs may only extend a resumed run")
        }
        return epochs == storedEpochs ? stored : stored.extended(to: epochs)
    }

    static func contradiction(_ option: String, _ args: Arguments, stored: String?, file: String) -> UsageError {
        let value = stored.map { " (stored: \($0))" } ?? ""
        return UsageError("--\(option) \(args.string(option) ?? "") contradicts the run stored in \(file)\(value); "
            + "a resumed run keeps its settings: drop the option, or start a new run without --resume")
    }

    /// A paper run's options against its stored configuration: each given setting is applied
    /// to the stored one and must leave it unchanged.
    static func checkResumedPaper(_ args: Arguments, _ entry: PaperModel, stored: any ClassifierExperiment,
                                  seed: UInt64, file: String) throws {
        if args.given("seed"), try args.seed() != seed { throw contradiction("seed", args, stored: "\(seed)", file: file) }
        if let dataset = args.string("dataset"), dataset.lowercased() != stored.settings.dataset.lowercased() {
            throw contradiction("dataset", args, stored: stored.settings.dataset, file: file)
        }
        let before = try stored.encoded()
        for option in entry.options.map(\.name) where args.given(option) && option != "epochs" {
            var probe = stored
            try probe.apply(ConfigOverrides([option: args.string(option) ?? ""]))
            if try probe.encoded() != before {
                throw contradiction(option, args, stored: nil, file: file)
            }
        }
    }
}
