import Foundation

/// Rotosolve (Ostaszewski, Grant & Benedetti 2021): coordinate descent that sets each
/// parameter to its exact minimiser, assuming f is sinusoidal in it with period 2π,
/// f(θᵢ) = A·sin(θᵢ + B) + C (true when θᵢ drives one Pauli rotation). From f at θᵢ and θᵢ ± π/2,
/// θᵢ* = θᵢ − π/2 − atan2(2f(θᵢ) − f(θᵢ + π/2) − f(θᵢ − π/2), f(θᵢ + π/2) − f(θᵢ − π/2)).
/// An iteration is one sweep over all parameters (2d + 1 evaluations); stops after
/// `maxSweeps` or when a sweep lowers f by less than `tolerance`.
public struct Rotosolve: Minimizer {
    public var maxSweeps: Int
    public var tolerance: Double

    public init(maxSweeps: Int, tolerance: Double = 1e-10) {
        self.maxSweeps = maxSweeps
        self.tolerance = tolerance
    }

    public var name: String { "rotosolve" }

    public func minimize(_ f: Objective, from start: [Double], onIteration: (Int, Double) -> Void) throws -> Minimization {
        var log = EvaluationLog()
        var x = start
        var current = try f.value(x)
        log.record(x, current)
        var history = [Double]()
        for _ in 1...max(maxSweeps, 1) {
            let before = current
            for i in x.indices {
                current = try solve(f, &x, i, current, &log)
            }
            current = try f.value(x)
            log.endIteration(x, current, history: &history, onIteration)
            if before - current < tolerance { break }
        }
        return try log.result(name, iterations: history.count, history: history)
    }

    /// Moves coordinate `i` to the minimum of the sinusoid through three values; returns its value.
    func solve(_ f: Objective, _ x: inout [Double], _ i: Int, _ here: Double, _ log: inout EvaluationLog) throws -> Double {
        var plus = x
        var minus = x
        plus[i] += Double.pi / 2
        minus[i] -= Double.pi / 2
        let fp = try f.value(plus)
        let fm = try f.value(minus)
        log.evaluations += 2
        // The sinusoid has period 2π: the minimiser is kept in [−π, π].
        x[i] = remainder(x[i] - Double.pi / 2 - atan2(2 * here - fp - fm, fp - fm), 2 * Double.pi)
        let middle = (fp + fm) / 2
        let amplitude = ((here - middle) * (here - middle) + (fp - fm) * (fp - fm) / 4).squareRoot()
        return middle - amplitude
    }
}
