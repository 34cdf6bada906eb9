import Foundation
import Quanta

extension TrainConfig {
    /// Reads the options of `quanta train` for a catalog model.
    init(_ args: Arguments) throws {
        self.init(model: args.string("model") ?? "mlp", dataset: args.string("dataset") ?? "digits", seed: try args.seed())
        epochs = try args.int("epochs", default: 10)
        batchSize = try args.int("batch-size")
        optimizer = args.string("optimizer") ?? "adam"
        guard Self.optimizers.contains(optimizer) else {
            throw UsageError("--optimizer must be one of \(Self.optimizers.joined(separator: ", ")) for --model \(model), "
                + "got '\(optimizer)'" + Suggestion.text(for: optimizer, among: Self.optimizers))
        }
        let defaultRate = Self.defaultLearningRate(optimizer)
        learningRate = try args.double("lr", default: defaultRate)
        weightDecay = try args.double("weight-decay", default: optimizer == "adamw" ? 0.01 : 0)
        schedule = try args.choice("schedule")
        warmup = try args.int("warmup")
        labelSmoothing = try args.double("label-smoothing")
        clipNorm = try args.doubleIfGiven("clip-norm")
        patience = try args.intIfGiven("patience")
        testFraction = try args.double("test-fraction")
        validationFraction = try args.double("validation-fraction")
        hidden = try args.string("hidden").map(Self.widths)
        channels = try args.intIfGiven("channels")
        labelColumn = args.string("label-column")
        task = args.string("task")
        if task != nil && task != "forecast" && !UserData.isUserData(dataset) {
            throw UsageError("--task \(task!) is for your own data (--dataset csv:… or npy:…); a registered set has its task")
        }
        window = try args.intIfGiven("window")
        horizon = try args.intIfGiven("horizon")
        if task == "forecast" && window == nil { throw UsageError("--task forecast needs --window W (steps per input window)") }
        if task != "forecast", let name = ["window", "horizon"].first(where: args.given) {
            throw UsageError("--\(name) is for --task forecast")
        }
        adversarial = try Self.adversarial(args)
        qubits = try Self.circuitSize(args, "qubits", 1...12)
        circuitLayers = try Self.circuitSize(args, "layers", 1...64)
        if qubits != nil || circuitLayers != nil, !["qrnn", "qlstm", "qgru", "qfwp"].contains(model) {
            throw UsageError("--qubits and --layers are for --model qrnn|qlstm|qgru|qfwp (or a paper model)")
        }
        if labelColumn != nil && task == "forecast" {
            throw UsageError("--label-column is not used by --task forecast: every numeric column of the table is a channel")
        }
        if labelColumn != nil && !dataset.hasPrefix("csv:") {
            throw UsageError("--label-column names the class column of a --dataset csv:PATH table")
        }
    }

    /// --adversarial, checked: "fgsm:ε" or "pgd:ε[:steps[:linf|l2]]".
    static func adversarial(_ args: Arguments) throws -> String? {
        guard let text = args.string("adversarial") else { return nil }
        do { _ = try AdversarialTraining.attack(text) } catch { throw UsageError("--adversarial: \(error)") }
        return text
    }

    /// --qubits / --layers of a quantum recurrent model (declared with the paper models' options, as text).
    static func circuitSize(_ args: Arguments, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = args.string(name) else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return v
    }

    /// "128,64" → [128, 64].
    static func widths(_ text: String) throws -> [Int] {
        let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.count == text.split(separator: ",").count, sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw UsageError("--hidden must be positive integers separated by commas, e.g. 128,64; got '\(text)'")
        }
        return sizes
    }
}
