import Foundation
import Testing
@testable import NeuralNetworks

/// L-BFGS on problems with known minima: a convex quadratic, 2-D Rosenbrock and a least-squares
/// fit through the autodiff path; the loss must never rise between iterations.
@Suite struct LBFGSTests {
    /// f(x) = ½(x − x*)ᵀA(x − x*) with A symmetric positive definite (condition number ≈ 50):
    /// minimum 0 at x*. (Written around x* so that f keeps full relative precision near the
    /// minimum; ½xᵀAx − bᵀx loses the last digits of x to cancellation in f.)
    static let a: [[Double]] = [[10, 1, 0, 0.5, 0], [1, 8, 2, 0, 0], [0, 2, 6, 1, 0], [0.5, 0, 1, 4, 0.3], [0, 0, 0, 0.3, 0.25]]
    static let xStar: [Double] = [1, -2, 0.5, 3, -4]

    static func quadratic(_ x: [Double]) -> (loss: Double, gradient: [Double]) {
        let d = zip(x, xStar).map { $0 - $1 }
        let ad = a.map { row in zip(row, d).reduce(0) { $0 + $1.0 * $1.1 } }
        return (0.5 * zip(d, ad).reduce(0) { $0 + $1.0 * $1.1 }, ad)
    }

    /// Rosenbrock: f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).
    static func rosenbrock(_ v: [Double]) -> (loss: Double, gradient: [Double]) {
        let (x, y) = (v[0], v[1])
        return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    static func nonIncreasing(_ losses: [Double]) -> Bool { zip(losses, losses.dropFirst()).allSatisfy { $1 <= $0 } }

    @Test func convexQuadraticReachesTheExactSolution() {
        let solver = LBFGS<Double>([], maxIterations: 200, gradientTolerance: 1e-12, lossTolerance: 0)
        let r = solver.minimize(from: [0, 0, 0, 0, 0], Self.quadratic)
        #expect(zip(r.x, Self.xStar).allSatisfy { abs($0 - $1) < 1e-10 }, "\(r.x) after \(r.iterations) iterations, \(r.stop)")
        #expect(r.stop == .gradient)
        // Five dimensions: quasi-Newton with exact-ish line searches needs few iterations.
        #expect(r.iterations <= 30)
        #expect(Self.nonIncreasing(r.losses))
    }

    @Test func rosenbrockReachesOneOne() {
        let solver = LBFGS<Double>([], maxIterations: 500, gradientTolerance: 1e-10, lossTolerance: 0)
        var seen: [Double] = []
        let r = solver.minimize(from: [-1.2, 1], onIteration: { seen.append($0.loss) }, Self.rosenbrock)
        #expect(abs(r.x[0] - 1) < 1e-6 && abs(r.x[1] - 1) < 1e-6, "\(r.x) after \(r.iterations) iterations, \(r.stop)")
        #expect(r.iterations < 100)
        #expect(Self.nonIncreasing(r.losses) && Self.nonIncreasing(seen))
        #expect(seen.count == r.iterations && r.losses.count == r.iterations + 1)
    }

    @Test func lossNeverIncreasesFromManyStarts() {
        for start in [[-1.2, 1.0], [2.0, -1.5], [-3.0, 4.0], [0.0, 0.0], [1.5, 2.5]] {
            for m in [1, 3, 10] {
                let r = LBFGS<Double>([], historySize: m, maxIterations: 300, gradientTolerance: 1e-9, lossTolerance: 0)
                    .minimize(from: start, Self.rosenbrock)
                #expect(Self.nonIncreasing(r.losses), "start \(start), m \(m)")
                #expect(r.loss < 1e-8, "start \(start), m \(m): \(r.loss) (\(r.stop))")
            }
        }
    }

    @Test func stopsOnIterationAndLossChangeLimits() {
        let capped = LBFGS<Double>([], maxIterations: 3, gradientTolerance: 0, lossTolerance: 0).minimize(from: [-1.2, 1], Self.rosenbrock)
        #expect(capped.iterations == 3 && capped.stop == .maxIterations)
        let loose = LBFGS<Double>([], maxIterations: 500, gradientTolerance: 0, lossTolerance: 1e-3).minimize(from: [-1.2, 1], Self.rosenbrock)
        #expect(loose.stop == .lossChange && loose.iterations < 100)
        let atMinimum = LBFGS<Double>([]).minimize(from: [1, 1], Self.rosenbrock)
        #expect(atMinimum.iterations == 0 && atMinimum.stop == .gradient && atMinimum.evaluations == 1)
    }

    /// Least squares ‖Wx − t‖² through Variables: the parameters end at the solution.
    @Test func parametersFollowTheAutodiffGradient() {
        let w = Variable(Tensor<Double>([0.1, -0.2, 0.3]), requiresGrad: true)
        let bias = Variable(Tensor<Double>([0.0]), requiresGrad: true)
        let unused = Variable(Tensor<Double>([7.0]), requiresGrad: true)
        // Targets from w = [1, 2, −1], bias 0.5 on four points.
        let xs: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]
        let ts = xs.map { 1 * $0[0] + 2 * $0[1] - 1 * $0[2] + 0.5 }
        let solver = LBFGS([w, bias, unused], maxIterations: 100, gradientTolerance: 1e-12, lossTolerance: 0)
        let r = solver.minimize {
            var total = Variable(Tensor<Double>(0.0))
            for (x, t) in zip(xs, ts) {
                let e = (w * Tensor(x)).sum() + bias.sum() - t
                total = total + e * e
            }
            return total
        }
        #expect(r.loss < 1e-18, "\(r.loss) \(r.stop)")
        #expect(zip(w.value.scalars, [1.0, 2, -1]).allSatisfy { abs($0 - $1) < 1e-8 })
        #expect(abs(bias.value.scalars[0] - 0.5) < 1e-8)
        #expect(unused.value.scalars == [7])
        #expect(Self.nonIncreasing(r.losses))
    }
}
