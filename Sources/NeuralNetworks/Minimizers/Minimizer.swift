/// A real function of a flat parameter vector, with its gradient when one is known: what the
/// optimisers of variational algorithms minimise (an energy ⟨H⟩(θ), a full-batch loss).
public struct Objective {
    /// Number of parameters.
    public let dimension: Int
    /// f(x).
    public let value: ([Double]) throws -> Double
    /// ∇f(x), or nil for derivative-free use.
    public let gradient: (([Double]) throws -> [Double])?

    public init(dimension: Int, value: @escaping ([Double]) throws -> Double,
                gradient: (([Double]) throws -> [Double])? = nil) {
        self.dimension = dimension
        self.value = value
        self.gradient = gradient
    }
}

/// What a minimiser returns.
public struct Minimization: Sendable {
    /// The best point found and f there.
    public var x: [Double]
    public var value: Double
    /// Iterations of the method (for the NLopt methods, which have none, evaluations).
    public var iterations: Int
    /// Calls of f (each gradient counts as the calls its estimate made, or 1 when analytic).
    public var evaluations: Int
    /// f after each iteration.
    public var history: [Double]

    public init(x: [Double], value: Double, iterations: Int, evaluations: Int, history: [Double]) {
        self.x = x
        self.value = value
        self.iterations = iterations
        self.evaluations = evaluations
        self.history = history
    }
}

/// A method minimising an `Objective` from a starting point: SPSA, AQGD, Rotosolve, Adam and
/// the NLopt methods (COBYLA, Nelder–Mead, BOBYQA) here; the quantum natural gradient in QML.
public protocol Minimizer {
    /// The name the CLI and reports use (`spsa`, `cobyla`, …).
    var name: String { get }
    /// Minimises `objective` from `start`; `onIteration(iteration, value)` after every iteration.
    func minimize(_ objective: Objective, from start: [Double],
                  onIteration: (Int, Double) -> Void) throws -> Minimization
}

extension Minimizer {
    public func minimize(_ objective: Objective, from start: [Double]) throws -> Minimization {
        try minimize(objective, from: start, onIteration: { _, _ in })
    }
}

/// Refusals of a minimiser's settings or objective.
public struct MinimizerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Counts evaluations and keeps the best point seen.
public struct EvaluationLog {
    public var evaluations = 0
    public var best: (x: [Double], value: Double)?

    public init() {}

    public mutating func record(_ x: [Double], _ value: Double) {
        evaluations += 1
        if best == nil || value < best!.value { best = (x, value) }
    }

    /// Records f(x) = `value` at the end of an iteration, appends it to `history` and reports
    /// it as iteration `history.count`.
    public mutating func endIteration(_ x: [Double], _ value: Double, history: inout [Double],
                                      _ onIteration: (Int, Double) -> Void) {
        record(x, value)
        history.append(value)
        onIteration(history.count, value)
    }

    /// The best point seen as `name`'s result.
    public func result(_ name: String, iterations: Int, history: [Double]) throws -> Minimization {
        guard let best else { throw MinimizerError("\(name): no iterations were asked for") }
        return Minimization(x: best.x, value: best.value, iterations: iterations, evaluations: evaluations, history: history)
    }
}
