import Foundation
import NeuralNetworks

/// Zero-noise extrapolation: from values measured at noise levels λ (scale factors or error
/// probabilities), the value at λ = 0.
public enum Extrapolator: Sendable, Equatable {
    /// The polynomial through all points (degree m − 1 for m points), evaluated at 0 by Lagrange.
    case richardson
    /// Least-squares line.
    case linear
    /// Least-squares polynomial of the given order.
    case polynomial(order: Int)
    /// y = a + b·e^(−cλ), least squares (a, b linear, c by golden-section search in log c).
    case exponential
    /// A tanh MLP 1 → 32 → 32 → 1 (B1's network) fitted to the standardised points by L-BFGS;
    /// the mean prediction at 0 of `members` nets from seeds `seed`, `seed + 1`, … .
    case neuralNetwork(members: Int, seed: UInt64)

    public var name: String {
        switch self {
        case .richardson: return "richardson"
        case .linear: return "linear"
        case let .polynomial(order): return "polynomial-\(order)"
        case .exponential: return "exponential"
        case .neuralNetwork: return "nn"
        }
    }

    /// The extrapolated value at λ = 0. Throws with too few distinct points for the method.
    public func zeroNoiseValue(levels: [Double], values: [Double]) throws -> Double {
        let needed: Int
        switch self {
        case .richardson, .linear: needed = 2
        case let .polynomial(order): needed = order + 1
        case .exponential, .neuralNetwork: needed = 3
        }
        guard levels.count == values.count, Set(levels).count >= needed, values.allSatisfy(\.isFinite) else {
            throw QMLError.invalidArgument("\(name) extrapolation needs at least \(needed) distinct noise levels with finite values")
        }
        switch self {
        case .richardson: return Self.lagrangeAtZero(levels, values)
        case .linear: return Self.leastSquaresPolynomial(levels, values, order: 1)[0]
        case let .polynomial(order): return Self.leastSquaresPolynomial(levels, values, order: order)[0]
        case .exponential: return Self.exponentialFit(levels, values)
        case let .neuralNetwork(members, seed): return Self.network(levels, values, members: members, seed: seed)
        }
    }

    static func lagrangeAtZero(_ x: [Double], _ y: [Double]) -> Double {
        var total = 0.0
        for i in x.indices {
            var weight = 1.0
            for j in x.indices where j != i { weight *= x[j] / (x[j] - x[i]) }
            total += weight * y[i]
        }
        return total
    }

    /// Coefficients c₀…c_order of the least-squares polynomial, by the normal equations on
    /// levels scaled to [0, 1] (c₀ is unaffected by the scaling).
    static func leastSquaresPolynomial(_ x: [Double], _ y: [Double], order: Int) -> [Double] {
        let top = x.map(abs).max() ?? 1
        let t = x.map { $0 / (top > 0 ? top : 1) }
        let n = order + 1
        var a = [Double](repeating: 0, count: n * n)
        var b = [Double](repeating: 0, count: n)
        for (ti, yi) in zip(t, y) {
            let powers = (0..<n).map { pow(ti, Double($0)) }
            for r in 0..<n {
                b[r] += powers[r] * yi
                for c in 0..<n { a[r * n + c] += powers[r] * powers[c] }
            }
        }
        return DenseSolve.solve(a, b)
    }
}
