import Foundation
import Quanta

/// The minimisers `quanta vqe` offers, with its defaults, and its starting weights.
enum VQEOptimizers {
    static func make(_ name: String, args: Arguments, ansatz: Circuit) throws -> any Minimizer {
        let iterations = try args.intIfGiven("iterations")
        let rate = try args.doubleIfGiven("learning-rate")
        if rate != nil, !["adam", "qng", "aqgd"].contains(name) { throw UsageError("--learning-rate is for adam, qng and aqgd") }
        switch name {
        case "cobyla", "nelder-mead", "bobyqa":
            let method = NLoptMinimizer.Method(rawValue: name)!
            guard method != .bobyqa || ansatz.weightCount >= 2 else { throw UsageError("bobyqa needs an ansatz with at least 2 weights") }
            return NLoptMinimizer(method, maxEvaluations: iterations ?? 1000, initialStep: 0.3)
        case "spsa": return SPSA(iterations: iterations ?? 300, seed: try args.seed())
        case "adam": return AdamMinimizer(iterations: iterations ?? 300, learningRate: rate ?? 0.05)
        case "qng": return QuantumNaturalGradient(ansatz: ansatz, iterations: iterations ?? 300, learningRate: rate ?? 0.1)
        case "aqgd": return AQGD(maxIterations: iterations ?? 300, learningRate: rate ?? 1)
        default: return Rotosolve(maxSweeps: iterations ?? 20)
        }
    }

    /// The QAOA ramp, zero for H₂'s double excitation (Hartree–Fock), else seeded N(0, 0.5²)
    /// (all-zero angles are a saddle for hardware-efficient ansätze on a reference state).
    static func start(_ ansatz: String, weights: Int, seed: UInt64) -> [Double] {
        if ansatz.hasPrefix("qaoa") { return QAOA.rampStart(layers: weights / 2) }
        if ansatz == "uccd" { return [Double](repeating: 0, count: weights) }
        var rng = RandomGenerator(seed: seed)
        return (0..<weights).map { _ in 0.5 * rng.nextNormal() }
    }
}
