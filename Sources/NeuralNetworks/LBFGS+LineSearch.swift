/// The strong-Wolfe line search of L-BFGS (Nocedal & Wright Alg. 3.5 with the `zoom` of
/// Alg. 3.6, safeguarded cubic interpolation).
extension LBFGS {
    /// A trial point of the line search along p: φ(α) = f(x + αp), φ'(α) = ∇f(x + αp)·p.
    struct LinePoint {
        var step: Double, loss: Double, slope: Double
        var x: [Double], gradient: [Double]
    }

    /// Finds α > 0 with φ(α) ≤ φ(0) + c₁αφ'(0) (sufficient decrease) and |φ'(α)| ≤ c₂|φ'(0)|
    /// (curvature), starting at `initialStep` and growing the step ×2 (at most to 10⁶·initialStep)
    /// until the minimum is bracketed, then shrinking the bracket. When the evaluation `budget`
    /// or 40 trials run out it returns the best point that satisfies sufficient decrease, if any
    /// (nil: no α lowered the loss enough). O(trials · (n + cost of f)).
    func lineSearch(x: [Double], f: Double, direction p: [Double], slope d0: Double, initialStep: Double, budget: Int,
                    evaluate: ([Double]) -> (loss: Double, gradient: [Double])) -> (point: LinePoint?, evaluations: Int) {
        var evaluations = 0
        func phi(_ alpha: Double) -> LinePoint {
            evaluations += 1
            let xt = zip(x, p).map { $0 + alpha * $1 }
            let (ft, gt) = evaluate(xt)
            return LinePoint(step: alpha, loss: ft.isFinite ? ft : .infinity, slope: Self.dot(gt, p), x: xt, gradient: gt)
        }
        func decreases(_ t: LinePoint) -> Bool { t.loss <= f + armijo * t.step * d0 && t.loss < f }
        let origin = LinePoint(step: 0, loss: f, slope: d0, x: x, gradient: [])
        let maxStep = 1e6 * initialStep, maxTrials = 40
        var previous = origin
        var alpha = initialStep
        while evaluations < Swift.min(budget, maxTrials) {
            let t = phi(alpha)
            if !decreases(t) || (previous.step > 0 && t.loss >= previous.loss) {
                return (zoom(low: previous, high: t, f: f, d0: d0, phi: phi) { evaluations < Swift.min(budget, maxTrials) }, evaluations)
            }
            if abs(t.slope) <= -curvature * d0 { return (t, evaluations) }
            if t.slope >= 0 {
                return (zoom(low: t, high: previous, f: f, d0: d0, phi: phi) { evaluations < Swift.min(budget, maxTrials) }, evaluations)
            }
            previous = t
            if alpha >= maxStep { return (t, evaluations) }
            alpha = Swift.min(2 * alpha, maxStep)
        }
        return (previous.step > 0 ? previous : nil, evaluations)
    }

    /// Shrinks [low, high] (low: the lowest point that satisfies sufficient decrease so far, or
    /// α = 0) until a point satisfies both Wolfe conditions. Trial steps are the minimiser of the
    /// cubic through both ends' values and slopes, kept at least 10 % of the bracket away from
    /// its ends (else bisection).
    private func zoom(low: LinePoint, high: LinePoint, f: Double, d0: Double, phi: (Double) -> LinePoint,
                      canEvaluate: () -> Bool) -> LinePoint? {
        var (lo, hi) = (low, high)
        while canEvaluate() {
            let width = hi.step - lo.step
            if abs(width) <= 1e-14 * Swift.max(abs(lo.step), 1e-300) { break }
            var alpha = Self.cubicMinimizer(lo, hi) ?? (lo.step + hi.step) / 2
            let (a, b) = (Swift.min(lo.step, hi.step), Swift.max(lo.step, hi.step)), margin = 0.1 * (b - a)
            if !(alpha > a + margin && alpha < b - margin) { alpha = (lo.step + hi.step) / 2 }
            let t = phi(alpha)
            if !(t.loss <= f + armijo * t.step * d0 && t.loss < f) || t.loss >= lo.loss {
                hi = t
            } else {
                if abs(t.slope) <= -curvature * d0 { return t }
                if t.slope * (hi.step - lo.step) >= 0 { hi = lo }
                lo = t
            }
        }
        return lo.step > 0 ? lo : nil
    }

    /// The minimiser of the cubic interpolating φ and φ' at a and b (nil when it has none).
    static func cubicMinimizer(_ a: LinePoint, _ b: LinePoint) -> Double? {
        guard a.loss.isFinite, b.loss.isFinite else { return nil }
        let d1 = a.slope + b.slope - 3 * (a.loss - b.loss) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return nil }
        let d2 = (b.step > a.step ? 1.0 : -1.0) * radicand.squareRoot()
        let denominator = b.slope - a.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let alpha = b.step - (b.step - a.step) * (b.slope + d2 - d1) / denominator
        return alpha.isFinite ? alpha : nil
    }
}
