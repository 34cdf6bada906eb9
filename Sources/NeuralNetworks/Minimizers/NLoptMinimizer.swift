import CNLopt

/// Derivative-free local methods from NLopt (Steven G. Johnson's library, Debian `libnlopt-dev`):
/// COBYLA (linear approximations in a trust region, Powell 1994), Nelder–Mead (the simplex
/// method) and BOBYQA (quadratic models in a trust region, Powell 2009; needs d ≥ 2). Each
/// evaluation of f is an "iteration" in the history, as Qiskit's COBYLA counts its `maxiter`.
public struct NLoptMinimizer: Minimizer {
    public enum Method: String, CaseIterable, Sendable {
        case cobyla
        case nelderMead = "nelder-mead"
        case bobyqa
    }

    public var method: Method
    /// At most this many evaluations of f.
    public var maxEvaluations: Int
    /// The first step in every coordinate (COBYLA's ρ_begin).
    public var initialStep: Double
    /// Stop when a step changes every coordinate by less than this (absolute).
    public var stepTolerance: Double

    public init(_ method: Method, maxEvaluations: Int, initialStep: Double = 1, stepTolerance: Double = 1e-8) {
        self.method = method
        self.maxEvaluations = maxEvaluations
        self.initialStep = initialStep
        self.stepTolerance = stepTolerance
    }

    public var name: String { method.rawValue }

    var algorithm: nlopt_algorithm {
        switch method {
        case .cobyla: return NLOPT_LN_COBYLA
        case .nelderMead: return NLOPT_LN_NELDERMEAD
        case .bobyqa: return NLOPT_LN_BOBYQA
        }
    }

    /// What the C callback reaches through its context pointer.
    final class Context {
        let objective: Objective
        let onIteration: (Int, Double) -> Void
        var log = EvaluationLog()
        var history = [Double]()
        var error: Error?
        var handle: nlopt_opt?

        init(_ objective: Objective, _ onIteration: @escaping (Int, Double) -> Void) {
            self.objective = objective
            self.onIteration = onIteration
        }
    }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        guard start.count == f.dimension, !start.isEmpty else {
            throw MinimizerError("\(name): the start has \(start.count) values; the objective takes \(f.dimension)")
        }
        guard method != .bobyqa || start.count >= 2 else { throw MinimizerError("bobyqa needs at least 2 parameters") }
        guard maxEvaluations > 0 else { throw MinimizerError("\(name): evaluations must be positive") }
        return try withoutActuallyEscaping(onIteration) { callback in
            try run(Context(f, callback), start)
        }
    }

    func run(_ context: Context, _ start: [Double]) throws -> Minimization {
        guard let opt = nlopt_create(algorithm, UInt32(start.count)) else { throw MinimizerError("\(name): NLopt refused") }
        defer { nlopt_destroy(opt) }
        context.handle = opt
        let pointer = Unmanaged.passUnretained(context).toOpaque()
        nlopt_set_min_objective(opt, { n, x, _, data in
            let context = Unmanaged<Context>.fromOpaque(data!).takeUnretainedValue()
            let point = Array(UnsafeBufferPointer(start: x, count: Int(n)))
            do {
                let value = try context.objective.value(point)
                context.log.record(point, value)
                context.history.append(value)
                context.onIteration(context.history.count, value)
                return value
            } catch {
                context.error = error
                nlopt_force_stop(context.handle)
                return .infinity
            }
        }, pointer)
        nlopt_set_maxeval(opt, Int32(maxEvaluations))
        nlopt_set_xtol_abs1(opt, stepTolerance)
        nlopt_set_initial_step1(opt, initialStep)
        var x = start
        var minimum = 0.0
        let status = nlopt_optimize(opt, &x, &minimum)
        if let error = context.error { throw error }
        guard status.rawValue > 0 || status == NLOPT_ROUNDOFF_LIMITED, let best = context.log.best else {
            throw MinimizerError("\(name): NLopt stopped with status \(status.rawValue)")
        }
        return Minimization(x: best.x, value: best.value, iterations: context.log.evaluations,
                            evaluations: context.log.evaluations, history: context.history)
    }
}
