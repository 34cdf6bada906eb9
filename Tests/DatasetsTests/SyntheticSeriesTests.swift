import Foundation
import Testing
@testable import Datasets

/// The synthetic series of the recurrent-network papers against their definitions.
@Suite struct SyntheticSeriesTests {
    /// RK4 with 100 substeps per sample agrees with a 20× finer solution, starts where asked and
    /// loses energy (damping).
    @Test func pendulumMatchesAFineStepSolution() throws {
        let coarse = try SyntheticSeries.dampedPendulum()
        let fine = try SyntheticSeries.dampedPendulum(substeps: 2000)
        #expect(coarse.time.count == 240 && coarse.time.last == 20 && coarse.velocity[0] == 3 && coarse.angle[0] == 0)
        let worst = zip(coarse.velocity, fine.velocity).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-9, "largest difference \(worst)")
        func energy(_ i: Int) -> Double { 0.5 * coarse.velocity[i] * coarse.velocity[i] + 9.81 * (1 - cos(coarse.angle[i])) }
        #expect(energy(239) < 0.5 * energy(0))
        // hand step: one RK4 step of x' = v, v' = −x from (1, 0) with h = 0.1 is the 4th-order Taylor polynomial
        let step = SyntheticSeries.rk4Step((1, 0), h: 0.1) { x, v in (v, -x) }
        #expect(abs(step.0 - (1 - 0.005 + 0.1 * 0.1 * 0.1 * 0.1 / 24)) < 1e-15 && abs(step.1 - (-0.1 + 0.001 / 6)) < 1e-15)
    }

    @Test func dampedOscillatorSolvesItsEquation() throws {
        let x = try SyntheticSeries.dampedOscillator(points: 2001)
        let h = 20.0 / 2000, omega = 2 * Double.pi * 0.2, gamma = 0.1
        // central differences: x'' + 2γx' + ω²x ≈ 0 in the interior
        let residual = (1..<2000).map { i in
            (x[i + 1] - 2 * x[i] + x[i - 1]) / (h * h) + 2 * gamma * (x[i + 1] - x[i - 1]) / (2 * h) + omega * omega * x[i]
        }.map(abs).max()!
        #expect(x[0] == 1 && residual < 1e-3, "residual \(residual)")
        #expect(throws: SyntheticSeries.Failure.self) { try SyntheticSeries.dampedOscillator(damping: 5) }
    }

    @Test func besselJ2MatchesTabulatedValues() throws {
        let j = try SyntheticSeries.besselJ2(from: 1, to: 5, points: 5)
        // J2(1) = 0.1149034849…, J2(5) = 0.0465651163… (Abramowitz & Stegun, table 9.1)
        #expect(abs(j[0] - 0.1149034849) < 1e-9 && abs(j[4] - 0.0465651163) < 1e-9)
    }

    @Test(arguments: [5, 10])
    func narmaFollowsItsDefinition(order n: Int) throws {
        let (u, y) = try SyntheticSeries.narma(order: n, length: 500, seed: 7)
        #expect(u.allSatisfy { $0 >= 0 && $0 < 0.5 } && y[0..<n].allSatisfy { $0 == 0 })
        for t in (n - 1)..<499 {
            let sum = (0..<n).map { y[t - $0] }.reduce(0, +)
            let expected = 0.3 * y[t] + 0.05 * y[t] * sum + 1.5 * u[t - n + 1] * u[t] + 0.1
            #expect(abs(y[t + 1] - expected) < 1e-12)
        }
        let again = try SyntheticSeries.narma(order: n, length: 500, seed: 7)
        #expect(again.output == y)
        #expect(throws: SyntheticSeries.Failure.self) { try SyntheticSeries.narma(order: n, length: n, seed: 1) }
    }
}
