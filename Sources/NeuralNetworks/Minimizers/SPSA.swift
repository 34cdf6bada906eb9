import Foundation
import Tensor

/// Simultaneous-perturbation stochastic approximation (Spall 1998): each iteration draws
/// Δ ∈ {±1}ᵈ, estimates the gradient from two evaluations, ĝᵢ = (f(x + cₖΔ) − f(x − cₖΔ)) / (2cₖΔᵢ),
/// and steps x ← x − aₖĝ with aₖ = a / (k + 1 + A)^α and cₖ = c / (k + 1)^γ (α 0.602, γ 0.101).
/// Two evaluations per iteration whatever d is, and robust to noisy f (shots). When `a` is nil it
/// is calibrated as Qiskit does: from `calibrationSteps` gradient estimates at the start, so the
/// first step moves about `firstStep` (2π/10). Seeded.
public struct SPSA: Minimizer {
    public var iterations: Int
    public var a: Double?
    public var c: Double
    public var alpha = 0.602
    public var gamma = 0.101
    public var stability: Double
    public var firstStep = 2 * Double.pi / 10
    public var calibrationSteps = 25
    public var seed: UInt64

    public init(iterations: Int, a: Double? = nil, c: Double = 0.2, stability: Double? = nil, seed: UInt64 = 0) {
        self.iterations = iterations
        self.a = a
        self.c = c
        self.stability = stability ?? Double(iterations) / 10
        self.seed = seed
    }

    public var name: String { "spsa" }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        var rng = RandomGenerator(seed: seed)
        var log = EvaluationLog()
        let gain = try a ?? calibratedGain(f, start, &rng, &log)
        var x = start
        var history = [Double]()
        for k in 0..<iterations {
            let ck = c / pow(Double(k + 1), gamma)
            let ak = gain / pow(Double(k + 1) + stability, alpha)
            let g = try estimate(f, x, ck, &rng, &log)
            for i in x.indices { x[i] -= ak * g[i] }
            log.endIteration(x, try f.value(x), history: &history, onIteration)
        }
        return try log.result(name, iterations: iterations, history: history)
    }

    /// One two-sided simultaneous-perturbation gradient estimate at `x`.
    func estimate(_ f: Objective, _ x: [Double], _ ck: Double, _ rng: inout RandomGenerator,
                  _ log: inout EvaluationLog) throws -> [Double] {
        let delta = x.map { _ in rng.nextUnit() < 0.5 ? -1.0 : 1.0 }
        let plus = zip(x, delta).map { $0 + ck * $1 }
        let minus = zip(x, delta).map { $0 - ck * $1 }
        let fp = try f.value(plus)
        let fm = try f.value(minus)
        log.evaluations += 2
        return delta.map { (fp - fm) / (2 * ck * $0) }
    }

    /// a such that the first step's mean size is `firstStep`.
    func calibratedGain(_ f: Objective, _ x: [Double], _ rng: inout RandomGenerator, _ log: inout EvaluationLog) throws -> Double {
        var magnitude = 0.0
        for _ in 0..<calibrationSteps {
            let g = try estimate(f, x, c, &rng, &log)
            magnitude += abs(g[0])
        }
        magnitude /= Double(calibrationSteps)
        guard magnitude > 0 else { return firstStep }
        return firstStep * pow(1 + stability, alpha) / magnitude
    }
}
