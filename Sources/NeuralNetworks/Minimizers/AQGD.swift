/// Analytic quantum gradient descent with momentum, as Qiskit's `AQGD`: gradients by the
/// parameter-shift rule (or the objective's own), steps mₖ = (1 − μ)·η·∇f + μ·mₖ₋₁, x ← x − mₖ.
/// Stops after `maxIterations`, when no coordinate moves more than `stepTolerance`, or when the
/// mean of the last `averaging` values differs from the mean of the window before by less than
/// `tolerance`. Deterministic.
public struct AQGD: Minimizer {
    public var maxIterations: Int
    /// η.
    public var learningRate: Double
    /// μ.
    public var momentum: Double
    public var tolerance: Double
    public var stepTolerance: Double
    public var averaging: Int

    public init(maxIterations: Int, learningRate: Double = 1, momentum: Double = 0.25, tolerance: Double = 1e-6,
                stepTolerance: Double = 1e-6, averaging: Int = 10) {
        self.maxIterations = maxIterations
        self.learningRate = learningRate
        self.momentum = momentum
        self.tolerance = tolerance
        self.stepTolerance = stepTolerance
        self.averaging = averaging
    }

    public var name: String { "aqgd" }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        var log = EvaluationLog()
        var x = start
        var step = [Double](repeating: 0, count: x.count)
        var history = [Double]()
        var iterations = 0
        while iterations < maxIterations {
            let g = try f.gradientOrShift(at: x, evaluations: &log.evaluations)
            var largest = 0.0
            for i in x.indices {
                step[i] = (1 - momentum) * learningRate * g[i] + momentum * step[i]
                x[i] -= step[i]
                largest = max(largest, abs(step[i]))
            }
            log.endIteration(x, try f.value(x), history: &history, onIteration)
            iterations += 1
            if largest < stepTolerance || settled(history) { break }
        }
        return try log.result(name, iterations: iterations, history: history)
    }

    /// Whether the windowed mean of the values has stopped moving.
    func settled(_ history: [Double]) -> Bool {
        guard averaging > 0, history.count >= 2 * averaging else { return false }
        let recent = history.suffix(averaging).reduce(0, +)
        let before = history.dropLast(averaging).suffix(averaging).reduce(0, +)
        return abs(recent - before) / Double(averaging) < tolerance
    }
}
