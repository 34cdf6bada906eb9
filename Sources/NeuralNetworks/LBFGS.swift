/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, Alg. 7.4–7.5): a
/// deterministic, full-batch quasi-Newton minimiser — what scipy's `minimize(method="L-BFGS-B")`
/// does without bounds.
///
/// Each iteration k computes a direction p = −H·g with the two-loop recursion over the last m
/// pairs sᵢ = xᵢ₊₁ − xᵢ, yᵢ = gᵢ₊₁ − gᵢ (ρᵢ = 1/(yᵢ·sᵢ)), starting from H₀ = γI with
/// γ = s·y / y·y of the newest pair:
///
///     q ← g;  for i = newest…oldest: aᵢ ← ρᵢ sᵢ·q;  q ← q − aᵢ yᵢ
///     r ← γq; for i = oldest…newest: b ← ρᵢ yᵢ·r;  r ← r + sᵢ(aᵢ − b);   p = −r
///
/// then a line search for a step α that satisfies the strong Wolfe conditions
/// f(x + αp) ≤ f(x) + c₁α g·p and |∇f(x + αp)·p| ≤ c₂|g·p| (see `LBFGS+LineSearch.swift`),
/// and x ← x + αp. A pair with s·y ≤ 10⁻¹⁰·y·y (curvature not positive enough, possible when
/// the search ends on sufficient decrease alone) is skipped, so H stays positive definite.
/// Every accepted step satisfies sufficient decrease: the loss never rises between iterations.
///
/// Stops when ‖g‖∞ ≤ `gradientTolerance`, when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤
/// `lossTolerance` (scipy's `ftol` test), after `maxIterations` iterations or
/// `maxEvaluations` loss evaluations, or when no step decreases the loss even along −g.
///
/// Cost per iteration: O(m·n) for the direction plus the loss/gradient evaluations of the line
/// search (usually one). Memory: 2·m·n doubles. Nothing is random.
///
/// Unlike `SGD`/`Adam`, whose `step()` applies one update from accumulated gradients, L-BFGS
/// needs to re-evaluate the loss during its line search, so it takes a closure and runs to
/// convergence: `LBFGS(model.parameters).minimize { loss(model(x), y) }`.
public final class LBFGS<Scalar: TensorScalar> {
    /// The parameters being optimised; after `minimize` they hold the final point.
    public let parameters: [Variable<Scalar>]
    /// Stored (s, y) pairs, m (default 10, as scipy).
    public var historySize: Int
    /// Iteration limit (one line search each).
    public var maxIterations: Int
    /// Limit on loss/gradient evaluations (default 1.25 × `maxIterations` + 20).
    public var maxEvaluations: Int
    /// Stop when the largest gradient component is at most this (scipy's `gtol`, 10⁻⁵).
    public var gradientTolerance: Double
    /// Stop when an iteration lowers the loss by at most this, relative (scipy's `ftol`, 2.2·10⁻⁹).
    public var lossTolerance: Double
    /// Sufficient-decrease constant c₁ (10⁻⁴) and curvature constant c₂ (0.9) of the Wolfe conditions.
    public var armijo = 1e-4, curvature = 0.9

    public init(_ parameters: [Variable<Scalar>], historySize: Int = 10, maxIterations: Int = 1000, maxEvaluations: Int? = nil,
                gradientTolerance: Double = 1e-5, lossTolerance: Double = 2.2e-9) {
        precondition(historySize >= 1 && maxIterations >= 0, "LBFGS: historySize ≥ 1 and maxIterations ≥ 0")
        self.parameters = parameters
        self.historySize = historySize
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations ?? (maxIterations + maxIterations / 4 + 20)
        self.gradientTolerance = gradientTolerance
        self.lossTolerance = lossTolerance
    }

    /// Minimises the scalar that `objective` computes from `parameters`; the gradient comes from
    /// `backward()` (a parameter that gets no gradient counts as gradient 0). `onIteration` sees
    /// each accepted iterate, with the parameters set to it. Leaves the parameters at the final
    /// (lowest-loss) point.
    @discardableResult
    public func minimize(onIteration: (LBFGSIteration) -> Void = { _ in }, _ objective: () -> Variable<Scalar>) -> LBFGSResult {
        let start = parameters.flatMap { $0.value.scalars.map(Double.init) }
        let result = minimize(from: start, onIteration: { self.assign($0.x); onIteration($0) }) { x in
            self.assign(x)
            for p in self.parameters { p.grad = nil }
            let loss = objective()
            loss.backward()
            let gradient = self.parameters.flatMap { p in p.grad.map { $0.scalars.map(Double.init) } ?? [Double](repeating: 0, count: p.value.count) }
            return (Double(loss.value.scalar), gradient)
        }
        assign(result.x)
        return result
    }

    /// Minimises f over plain vectors from `x0`; `evaluate(x)` returns (f(x), ∇f(x)). The
    /// `parameters` are not touched.
    public func minimize(from x0: [Double], onIteration: (LBFGSIteration) -> Void = { _ in },
                         _ evaluate: ([Double]) -> (loss: Double, gradient: [Double])) -> LBFGSResult {
        var x = x0
        var (f, g) = evaluate(x)
        var evaluations = 1, iterations = 0
        var history: [(s: [Double], y: [Double], rho: Double)] = []
        var losses = [f]
        func result(_ stop: LBFGSResult.Stop) -> LBFGSResult {
            LBFGSResult(x: x, loss: f, gradientNorm: Self.maxNorm(g), iterations: iterations, evaluations: evaluations, stop: stop, losses: losses)
        }
        if !f.isFinite { return result(.lineSearchFailed) }
        while true {
            if Self.maxNorm(g) <= gradientTolerance { return result(.gradient) }
            if iterations >= maxIterations { return result(.maxIterations) }
            if evaluations >= maxEvaluations { return result(.maxEvaluations) }
            var p = Self.direction(g, history)
            var slope = Self.dot(g, p)
            if !(slope < 0) { history.removeAll(); p = g.map { -$0 }; slope = Self.dot(g, p) }
            // Without curvature information the first step is scaled to length 1 (scipy does the same).
            let first = history.isEmpty ? Swift.min(1, 1 / Self.dot(p, p).squareRoot()) : 1
            var found = lineSearch(x: x, f: f, direction: p, slope: slope, initialStep: first,
                                   budget: maxEvaluations - evaluations, evaluate: evaluate)
            evaluations += found.evaluations
            if found.point == nil && !history.isEmpty {
                // A stale curvature model can give a poor direction: retry once along −g.
                history.removeAll()
                p = g.map { -$0 }; slope = Self.dot(g, p)
                found = lineSearch(x: x, f: f, direction: p, slope: slope, initialStep: Swift.min(1, 1 / Self.dot(p, p).squareRoot()),
                                   budget: maxEvaluations - evaluations, evaluate: evaluate)
                evaluations += found.evaluations
            }
            guard let next = found.point else { return result(evaluations >= maxEvaluations ? .maxEvaluations : .lineSearchFailed) }
            let s = zip(next.x, x).map { $0 - $1 }, y = zip(next.gradient, g).map { $0 - $1 }
            let sy = Self.dot(s, y), yy = Self.dot(y, y)
            if sy > 1e-10 * yy && sy > 0 {
                history.append((s, y, 1 / sy))
                if history.count > historySize { history.removeFirst() }
            }
            let previous = f
            (x, f, g) = (next.x, next.loss, next.gradient)
            iterations += 1
            losses.append(f)
            onIteration(LBFGSIteration(iteration: iterations, x: x, loss: f, gradientNorm: Self.maxNorm(g), step: next.step, evaluations: evaluations))
            if (previous - f) / Swift.max(abs(previous), abs(f), 1) <= lossTolerance { return result(.lossChange) }
        }
    }

    /// The two-loop recursion: −H·g for the inverse-Hessian approximation H of `history`.
    static func direction(_ g: [Double], _ history: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = g
        var a = [Double](repeating: 0, count: history.count)
        for i in history.indices.reversed() {
            a[i] = history[i].rho * dot(history[i].s, q)
            axpy(-a[i], history[i].y, &q)
        }
        if let last = history.last { let gamma = 1 / (last.rho * dot(last.y, last.y)); for j in q.indices { q[j] *= gamma } }
        for i in history.indices {
            let b = history[i].rho * dot(history[i].y, q)
            axpy(a[i] - b, history[i].s, &q)
        }
        return q.map { -$0 }
    }

    func assign(_ x: [Double]) { Objective.assign(x, to: parameters) }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) { for i in y.indices { y[i] += alpha * x[i] } }

    static func maxNorm(_ g: [Double]) -> Double { g.reduce(0) { Swift.max($0, abs($1)) } }
}

/// One accepted L-BFGS iterate, for progress callbacks.
public struct LBFGSIteration: Sendable {
    /// 1-based iteration number.
    public var iteration: Int
    /// The new point.
    public var x: [Double]
    /// Loss at the new point.
    public var loss: Double
    /// ‖∇f‖∞ at the new point.
    public var gradientNorm: Double
    /// The accepted step length α.
    public var step: Double
    /// Loss evaluations so far.
    public var evaluations: Int
}

/// How an L-BFGS run ended.
public struct LBFGSResult: Sendable {
    /// Why the iteration stopped.
    public enum Stop: String, Sendable {
        case gradient, lossChange, maxIterations, maxEvaluations, lineSearchFailed
    }
    /// The final point (the lowest loss reached).
    public var x: [Double]
    /// The loss there.
    public var loss: Double
    /// ‖∇f‖∞ there.
    public var gradientNorm: Double
    public var iterations: Int
    public var evaluations: Int
    public var stop: Stop
    /// The loss at the start and after every iteration (non-increasing).
    public var losses: [Double]
}
