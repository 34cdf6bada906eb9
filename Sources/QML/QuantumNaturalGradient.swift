import NeuralNetworks
import QuantumSim

/// Quantum natural gradient descent (Stokes, Izaac, Killoran & Carleo 2020): steps
/// θ ← θ − η·(g(θ) + λI)⁻¹·∇f(θ), g the Fubini–Study metric of the ansatz state (block-diagonal
/// by default), so a step has the same size in state space whatever the parametrisation.
/// The objective is a function of the ansatz weights (an energy); its gradient comes from the
/// objective or by parameter shift. 2·weights + 1 extra simulations per step for the metric.
public struct QuantumNaturalGradient: Minimizer {
    public let ansatz: QuantumProgram
    public var iterations: Int
    /// η.
    public var learningRate: Double
    /// λ, keeping g + λI invertible.
    public var regularization: Double
    public var approximation: QuantumProgram.MetricApproximation

    public init(ansatz: Circuit, iterations: Int, learningRate: Double = 0.1, regularization: Double = 1e-3,
                approximation: QuantumProgram.MetricApproximation = .blockDiagonal) {
        self.ansatz = QuantumProgram(ansatz)
        self.iterations = iterations
        self.learningRate = learningRate
        self.regularization = regularization
        self.approximation = approximation
    }

    public var name: String { "qng" }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        guard start.count == ansatz.weightCount, ansatz.inputCount == 0 else {
            throw QMLError.invalidArgument("qng: the ansatz takes \(ansatz.weightCount) weights and no inputs; got \(start.count)")
        }
        var log = EvaluationLog()
        var x = start
        var history = [Double]()
        for _ in 1...max(iterations, 1) {
            let gradient = try f.gradientOrShift(at: x, evaluations: &log.evaluations)
            var metric = try ansatz.fubiniStudyMetric(weights: x, approximation: approximation)
            for i in x.indices { metric[i * x.count + i] += regularization }
            let step = DenseSolve.solve(metric, gradient)
            guard step.allSatisfy(\.isFinite) else {
                throw QMLError.invalidArgument("qng: the metric is singular; raise the regularisation")
            }
            for i in x.indices { x[i] -= learningRate * step[i] }
            log.endIteration(x, try f.value(x), history: &history, onIteration)
        }
        return try log.result(name, iterations: history.count, history: history)
    }
}
