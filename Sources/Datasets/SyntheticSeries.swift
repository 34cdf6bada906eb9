import Foundation
import Tensor

/// The synthetic series of the recurrent-network papers (papers.md §A4, §A5, §A12), as plain
/// `[Double]` samples. Everything random takes a seed.
public enum SyntheticSeries {
    /// A series that ran away (NARMA with an unlucky input draw) or a setting out of range.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The damped pendulum θ'' = −(b/m)·θ' − g·sin θ from (θ(0), θ'(0)), sampled at `points` equally
    /// spaced times on [0, duration] (both ends), integrated by classical RK4 with `substeps` steps
    /// between samples. The QFWP and QLSTM codes' "damped SHM" is its angular velocity with the
    /// defaults here (b = 0.15, g = 9.81, m = 1, θ(0) = 0, θ'(0) = 3, 240 points on [0, 20]).
    /// O(points · substeps).
    public static func dampedPendulum(b: Double = 0.15, g: Double = 9.81, m: Double = 1, angle: Double = 0, velocity: Double = 3,
                                      duration: Double = 20, points: Int = 240,
                                      substeps: Int = 100) throws -> (time: [Double], angle: [Double], velocity: [Double]) {
        guard points >= 2, substeps >= 1, duration > 0, m > 0 else {
            throw Failure(description: "damped pendulum: need ≥ 2 points, ≥ 1 substep, a positive duration and mass")
        }
        let h = duration / Double(points - 1) / Double(substeps)
        var state = (angle, velocity)
        var angles = [angle], velocities = [velocity]
        for _ in 1..<points {
            for _ in 0..<substeps { state = rk4Step(state, h: h) { θ, ω in (ω, -(b / m) * ω - g * sin(θ)) } }
            angles.append(state.0)
            velocities.append(state.1)
        }
        let time = (0..<points).map { duration * Double($0) / Double(points - 1) }
        return (time, angles, velocities)
    }

    /// One classical Runge–Kutta step of size h for (x, v)' = f(x, v).
    static func rk4Step(_ s: (Double, Double), h: Double, _ f: (Double, Double) -> (Double, Double)) -> (Double, Double) {
        let k1 = f(s.0, s.1)
        let k2 = f(s.0 + h / 2 * k1.0, s.1 + h / 2 * k1.1)
        let k3 = f(s.0 + h / 2 * k2.0, s.1 + h / 2 * k2.1)
        let k4 = f(s.0 + h * k3.0, s.1 + h * k3.1)
        return (s.0 + h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0), s.1 + h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1))
    }

    /// The linear damped oscillator x'' + 2γx' + ω₀²x = 0 with x(0) = 1, x'(0) = 0 (underdamped,
    /// γ < ω₀), in closed form: x(t) = e^(−γt)·(cos ω_d t + (γ/ω_d)·sin ω_d t), ω_d = √(ω₀² − γ²);
    /// `points` samples on [0, duration].
    public static func dampedOscillator(frequency omega: Double = 2 * Double.pi * 0.2, damping gamma: Double = 0.1,
                                        duration: Double = 20, points: Int = 240) throws -> [Double] {
        guard points >= 2, duration > 0, gamma >= 0, gamma < omega else {
            throw Failure(description: "damped oscillator: need ≥ 2 points, a positive duration and 0 ≤ damping < frequency")
        }
        let wd = (omega * omega - gamma * gamma).squareRoot()
        return (0..<points).map { i in
            let t = duration * Double(i) / Double(points - 1)
            return exp(-gamma * t) * (cos(wd * t) + gamma / wd * sin(wd * t))
        }
    }

    /// The Bessel function J₂ at `points` equally spaced x on [from, to] (the QLSTM codes' task:
    /// 240 points on [0.1, 20]).
    public static func besselJ2(from: Double = 0.1, to: Double = 20, points: Int = 240) throws -> [Double] {
        guard points >= 2, to > from else { throw Failure(description: "Bessel J2: need ≥ 2 points on a non-empty interval") }
        return (0..<points).map { jn(2, from + (to - from) * Double($0) / Double(points - 1)) }
    }

    /// NARMA of order n: u(t) ~ U(0, 0.5) drawn from `seed`, y(t) = 0 for t < n, and
    /// y(t+1) = 0.3·y(t) + 0.05·y(t)·Σ_{i<n} y(t−i) + 1.5·u(t−n+1)·u(t) + 0.1.
    /// Throws when the recursion runs away (a non-finite value or |y| > 10: NARMA10 can, for rare draws).
    public static func narma(order n: Int, length: Int, seed: UInt64) throws -> (input: [Double], output: [Double]) {
        guard n >= 1, length > n else { throw Failure(description: "NARMA: need order ≥ 1 and length > order, got \(n) and \(length)") }
        var rng = RandomGenerator(seed: seed)
        let u = (0..<length).map { _ in 0.5 * rng.nextUnit() }
        var y = [Double](repeating: 0, count: length)
        for t in (n - 1)..<(length - 1) {
            let window = y[(t - n + 1)...t].reduce(0, +)
            y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * window + 1.5 * u[t - n + 1] * u[t] + 0.1
            guard y[t + 1].isFinite && abs(y[t + 1]) <= 10 else {
                throw Failure(description: "NARMA\(n) with seed \(seed) ran away at step \(t + 1) (y = \(y[t + 1])); try another seed")
            }
        }
        return (u, y)
    }
}
