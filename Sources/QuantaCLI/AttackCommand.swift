import Foundation
import Quanta
import Reproductions

/// `quanta attack`: a classifier's test accuracy under adversarial perturbations of growing ε.
struct AttackCommand: Command {
    let name = "attack"
    let summary = "test accuracy of a classifier checkpoint under FGSM or PGD attacks, for each ε"
    let usage = ["attack --checkpoint FILE --method fgsm|pgd --eps 0.01,0.05,0.1 [--steps K] [--norm linf|l2] [--examples FILE.png] [--json]"]
    let discussion = """
        Rebuilds the float model in FILE (a catalog model or a paper's quantum or hybrid model),
        attacks every test sample of the data it was trained on and prints the accuracy at each ε.
        ε is in the data's own units (pixels in [0, 1] for the image sets), whatever standardisation
        the model applies; perturbed inputs are kept in the data's range when it lies in [0, 1].
        fgsm takes one step of ε along the sign of the input gradient; pgd takes --steps steps of
        2.5·ε/steps from a random point of the ε-ball (L∞ or L2), projecting back after each.
        Quantum layers' input gradients come from the adjoint method. Integer and weight-only
        models are not differentiable and are refused.
        """
    let sections = [
        OptionSection("Options", [
            Option("checkpoint", "FILE", "a float classifier checkpoint from quanta train"),
            Option("method", "NAME", "the attack", .choice(["fgsm", "pgd"]), default: "fgsm"),
            Option("eps", "LIST", "perturbation sizes, comma-separated, each ≥ 0", default: "0.01,0.05,0.1"),
            Option("steps", "K", "pgd: steps", .int(1...10_000), default: "7"),
            Option("norm", "NAME", "pgd: the ball", .choice(AdversarialAttack.Norm.allCases.map(\.rawValue)), default: "linf"),
            Option("limit", "N", "attack only the first N test samples", .int(1...10_000_000)),
            Option("batch-size", "N", "samples per attack batch", .int(1...1_000_000), default: "256"),
            Option("dataset", "NAME", "the data set", default: "the checkpoint's"),
            Option("examples", "FILE.png", "image data: the first 8 test images above their attacked versions at the largest ε"),
        ]),
        CommonOptions.section([CommonOptions.seed, CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json]),
    ]
    let epilogue = "Example: quanta attack --checkpoint lenet.safetensors --method pgd --eps 0.05,0.1,0.2 --steps 10"

    /// `--json`.
    struct Result: Encodable {
        var model: String
        var dataset: String
        var method: String
        var norm: String
        var steps: Int
        var samples: Int
        var epsilons: [Double]
        var accuracy: [Double]
        var seconds: [Double]
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let file = args.url("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        Threading.setThreads(try args.int("threads"))
        let epsilons = try Self.epsilons(args.string("eps") ?? "0.01,0.05,0.1")
        let method = try args.choice("method")
        if method == "fgsm", let option = ["steps", "norm"].first(where: args.given) { throw UsageError("--\(option) is for --method pgd") }
        let target = try AttackTarget(file, args: args)
        let seed = try args.seed()
        var result = Result(model: target.name, dataset: target.dataset, method: method, norm: method == "fgsm" ? "linf" : try args.choice("norm"),
                            steps: method == "fgsm" ? 1 : try args.int("steps"), samples: target.test.count, epsilons: [],
                            accuracy: [], seconds: [])
        io.err("\(method) on \(target.name) (\(target.test.count) test samples of \(target.dataset)); bounds "
            + (target.bounds.map { "\($0.lowerBound)…\($0.upperBound)" } ?? "none"))
        for eps in epsilons {
            let attack = try AdversarialAttack(epsilon: eps, steps: result.steps, norm: AdversarialAttack.Norm(rawValue: result.norm)!,
                                               randomStart: method == "pgd", bounds: target.bounds)
            let start = Date()
            let accuracy = attack.accuracy(target.model, target.test, batchSize: try args.int("batch-size"),
                                           standardisation: target.standardisation, seed: seed)
            result.epsilons.append(eps)
            result.accuracy.append(accuracy)
            result.seconds.append(Date().timeIntervalSince(start))
            io.out(String(format: "ε %-8g accuracy %6.2f%%  (%.1f s)", eps, 100 * accuracy, result.seconds.last!))
        }
        if let url = args.url("examples") {
            try writeExamples(target, epsilon: epsilons.max() ?? 0, result: result, seed: seed, to: url)
            io.err("attacked examples written to \(url.path)")
        }
        if args.flag("json") { io.out(try JSONLine.encode(result)) }
        return 0
    }

    /// A PNG of the first (up to) 8 test images over their versions attacked at `epsilon`, in the data's units.
    func writeExamples(_ target: AttackTarget, epsilon: Double, result: Result, seed: UInt64, to url: URL) throws {
        let shape = Array(target.test.features.shape.dropFirst())
        guard shape.count == 3, shape[0] == 1 else {
            throw UsageError("--examples writes images; \(target.dataset) has samples of shape \(shape)")
        }
        let (h, w) = (shape[1], shape[2])
        let rows = Array(0..<Swift.min(8, target.test.count))
        let clean = target.test.features.gatherRows(rows)
        let attack = try AdversarialAttack(epsilon: epsilon, steps: result.steps, norm: AdversarialAttack.Norm(rawValue: result.norm)!,
                                           randomStart: result.method == "pgd", bounds: target.bounds)
        let attacked = attack.perturb(clean, labels: rows.map { target.test.labels[$0] }, model: target.model,
                                      standardisation: target.standardisation, seed: seed)
        let raw = [clean, attacked].map { target.standardisation?.inverted($0) ?? $0 }
        let images = raw.flatMap { t in rows.indices.map { Array(t.scalars[($0 * h * w)..<(($0 + 1) * h * w)]) } }
        let grid = PNG.grid(images, width: w, height: h, columns: rows.count)
        try SafeTensors.writeAtomically(PNG.greyscale(grid.pixels, width: grid.width, height: grid.height), to: url)
    }

    /// "0,0.05,0.1" → [0, 0.05, 0.1]; each a finite number ≥ 0.
    static func epsilons(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap(Double.init)
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw UsageError("--eps must be numbers ≥ 0 separated by commas, e.g. 0.01,0.05,0.1; got '\(text)'")
        }
        return values
    }
}
