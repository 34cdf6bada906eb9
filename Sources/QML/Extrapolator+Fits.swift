import Foundation
import NeuralNetworks

extension Extrapolator {
    /// a + b for the best fit of y = a + b·e^(−cλ): for each c, a and b by linear least squares;
    /// c by golden-section search on the residual over log c ∈ [log(10⁻³/λmax), log(10³/λmax)].
    static func exponentialFit(_ x: [Double], _ y: [Double]) -> Double {
        let top = x.map(abs).max() ?? 1
        func fit(_ logC: Double) -> (residual: Double, atZero: Double) {
            let c = exp(logC) / top
            let basis = x.map { exp(-c * $0) }
            let line = leastSquaresLine(basis, y)
            let residual = zip(basis, y).reduce(0) { $0 + pow(line.a + line.b * $1.0 - $1.1, 2) }
            return (residual, line.a + line.b)
        }
        var lo = log(1e-3)
        var hi = log(1e3)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<100 {
            let m1 = hi - ratio * (hi - lo)
            let m2 = lo + ratio * (hi - lo)
            if fit(m1).residual < fit(m2).residual { hi = m2 } else { lo = m1 }
        }
        return fit((lo + hi) / 2).atZero
    }

    /// y ≈ a + b·u by least squares.
    static func leastSquaresLine(_ u: [Double], _ y: [Double]) -> (a: Double, b: Double) {
        let n = Double(u.count)
        let mu = u.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let suu = u.reduce(0) { $0 + ($1 - mu) * ($1 - mu) }
        let suy = zip(u, y).reduce(0) { $0 + ($1.0 - mu) * ($1.1 - my) }
        let b = suu > 0 ? suy / suu : 0
        return (my - b * mu, b)
    }

    /// The mean zero-noise prediction of `members` MLPs fitted to the standardised points.
    static func network(_ x: [Double], _ y: [Double], members: Int, seed: UInt64) -> Double {
        let top = x.map(abs).max() ?? 1
        let mean = y.reduce(0, +) / Double(y.count)
        let spread = max((y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)).squareRoot(), 1e-12)
        let inputs = Tensor<Double>(shape: [x.count, 1], scalars: x.map { $0 / top })
        let targets = Tensor<Double>(shape: [y.count, 1], scalars: y.map { ($0 - mean) / spread })
        var total = 0.0
        for m in 0..<max(members, 1) {
            var rng = RandomGenerator(seed: seed &+ UInt64(m))
            let net = Sequential<Double>([Linear(1, 32, rng: &rng), Activation(.tanh), Linear(32, 32, rng: &rng),
                                          Activation(.tanh), Linear(32, 1, rng: &rng)])
            LBFGS(net.parameters, maxIterations: 500).minimize {
                meanSquaredError(net(Variable(inputs)), targets)
            }
            let zero = net(Variable(Tensor<Double>(shape: [1, 1], scalars: [0]))).value.scalars[0]
            total += mean + spread * zero
        }
        return total / Double(max(members, 1))
    }
}
