/// Adversarial training: an attack named on the command line ("fgsm:0.1", "pgd:0.1:7",
/// "pgd:0.5:10:l2") installed on a `Trainer`, so every step trains on the batch and on its
/// adversarial examples against the current model (Madry et al.; FGSM as Goodfellow et al.).
public enum AdversarialTraining {
    /// The attack `text` names: `fgsm:ε` or `pgd:ε[:steps[:linf|l2]]` (7 steps, L∞ by default);
    /// throws `TrainingDataError` naming what is wrong.
    public static func attack(_ text: String, bounds: ClosedRange<Float>? = nil) throws -> AdversarialAttack {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let form = "fgsm:ε or pgd:ε[:steps[:linf|l2]], e.g. fgsm:0.1 or pgd:0.1:7"
        guard parts.count >= 2, let eps = Double(parts[1]) else {
            throw TrainingDataError("adversarial training: '\(text)' is not \(form)")
        }
        switch parts[0] {
        case "fgsm" where parts.count == 2:
            return try .fgsm(epsilon: eps, bounds: bounds)
        case "pgd" where parts.count <= 4:
            guard let steps = parts.count > 2 ? Int(parts[2]) : 7 else { throw TrainingDataError("adversarial training: '\(text)' is not \(form)") }
            guard let norm = parts.count > 3 ? AdversarialAttack.Norm(rawValue: parts[3]) : .linf else {
                throw TrainingDataError("adversarial training: the norm of '\(text)' must be linf or l2")
            }
            return try .pgd(epsilon: eps, steps: steps, norm: norm, bounds: bounds)
        default:
            throw TrainingDataError("adversarial training: '\(text)' is not \(form)")
        }
    }

    /// Makes `trainer` train on each batch and on `attack`'s examples of it against `model`
    /// (step s's attack seeded with s, so a resumed run repeats the same examples).
    public static func install(_ attack: AdversarialAttack, on trainer: Trainer<Float>, model: any Layer<Float>,
                               standardisation: ChannelStandardisation? = nil) {
        let loss = trainer.loss
        trainer.adversarialExamples = { batch, labels, step in
            attack.perturb(batch, labels: labels, model: model, standardisation: standardisation, loss: loss, seed: UInt64(step))
        }
    }

    /// 0…1 when every raw input value lies in it (image pixels), else no bounds.
    public static func unitBounds(of raw: Tensor<Float>) -> ClosedRange<Float>? {
        raw.scalars.allSatisfy { $0 >= -1e-5 && $0 <= 1 + 1e-5 } ? 0...1 : nil
    }
}
