import Foundation

/// Adam (Kingma & Ba) on a plain objective: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
/// x ← x − η·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂; the gradient from the objective or by
/// parameter shift. Runs `iterations` steps. Deterministic.
public struct AdamMinimizer: Minimizer {
    public var iterations: Int
    public var learningRate: Double
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8

    public init(iterations: Int, learningRate: Double = 0.05) {
        self.iterations = iterations
        self.learningRate = learningRate
    }

    public var name: String { "adam" }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        var log = EvaluationLog()
        var x = start
        var m = [Double](repeating: 0, count: x.count)
        var v = m
        var history = [Double]()
        for k in 1...max(iterations, 1) {
            let g = try f.gradientOrShift(at: x, evaluations: &log.evaluations)
            let c1 = 1 - pow(beta1, Double(k))
            let c2 = 1 - pow(beta2, Double(k))
            for i in x.indices {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                x[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
            }
            log.endIteration(x, try f.value(x), history: &history, onIteration)
        }
        return try log.result(name, iterations: history.count, history: history)
    }
}
