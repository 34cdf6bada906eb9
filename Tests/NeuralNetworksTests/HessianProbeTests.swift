import CBLAS
import Testing
@testable import NeuralNetworks

/// Per-layer Hessian eigenvalues and traces on a network small enough to write its Hessian
/// blocks out column by column: the top eigenvalue against LAPACK's, Hutchinson's trace
/// against the exact one, and the probe's handling of BatchNorm (evaluation mode, restored).
@Suite struct HessianProbeTests {
    static func network(seed: UInt64) -> (model: Sequential<Double>, batches: [(inputs: Tensor<Double>, labels: [Int])]) {
        var rng = RandomGenerator(seed: seed)
        let model = Sequential<Double>(Linear(4, 5, rng: &rng), Activation(.tanh), Linear(5, 3, rng: &rng))
        let batches = [6, 4].map { n in (inputs: Tensor<Double>.normal([n, 4], rng: &rng), labels: (0..<n).map { $0 % 3 }) }
        return (model, batches)
    }

    /// The block H_gg as a dense matrix, one product per unit vector.
    static func explicitBlock(_ probe: HessianProbe<Double>, group: Int) throws -> [Double] {
        let shape = probe.groups[group].parameters[0].shape
        let n = shape.reduce(1, *)
        var matrix = [Double]()
        for i in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[i] = 1
            matrix += try probe.product([[Tensor(shape: shape, scalars: unit)]], groups: [group])[0][0].scalars
        }
        return matrix
    }

    static func symmetricEigenvalues(_ matrix: [Double], n: Int) -> [Double] {
        var a = matrix, w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w)
        precondition(info == 0, "dsyev failed: \(info)")
        return w
    }

    @Test func groupsAreTheLayerWeights() {
        let (model, batches) = Self.network(seed: 1)
        let probe = HessianProbe(model: model, batches: batches)
        #expect(probe.groups.map(\.name) == ["0", "2"])
        #expect(probe.groups.map(\.count) == [20, 15])
    }

    @Test func topEigenvalueMatchesLAPACK() throws {
        let (model, batches) = Self.network(seed: 2)
        let probe = HessianProbe(model: model, batches: batches)
        for group in probe.groups.indices {
            let n = probe.groups[group].count
            let block = try Self.explicitBlock(probe, group: group)
            for i in 0..<n {
                for j in 0..<i { #expect(Swift.abs(block[i * n + j] - block[j * n + i]) < 1e-12) }
            }
            let eigenvalues = Self.symmetricEigenvalues(block, n: n)
            let largest = eigenvalues.max { Swift.abs($0) < Swift.abs($1) }!
            let power = try probe.topEigenvalue(group: group, iterations: 500, tolerance: 1e-12, seed: 3)
            #expect(Swift.abs(power.value - largest) <= 1e-6 * Swift.abs(largest), "group \(group): \(power) vs \(eigenvalues)")
        }
    }

    @Test func hutchinsonTraceMatchesTheExactTrace() throws {
        let (model, batches) = Self.network(seed: 4)
        let probe = HessianProbe(model: model, batches: batches)
        let estimates = try probe.traces(samples: 400, seed: 5)
        for group in probe.groups.indices {
            let n = probe.groups[group].count
            let block = try Self.explicitBlock(probe, group: group)
            let exact = (0..<n).reduce(0.0) { $0 + block[$1 * n + $1] }
            let estimate = estimates[group]
            #expect(estimate.samples == 400 && estimate.standardError > 0)
            #expect(Swift.abs(estimate.mean - exact) < 4 * estimate.standardError + 1e-9,
                    "group \(group): \(estimate) vs exact \(exact)")
        }
    }

    @Test func batchNormRunsInEvaluationModeAndIsRestored() throws {
        var rng = RandomGenerator(seed: 6)
        let model = Sequential<Double>(Conv2D(1, 2, kernelSize: 3, padding: 1, rng: &rng), BatchNorm.twoD(2),
                                       Activation(.relu), Flatten(), Linear(32, 3, rng: &rng))
        let batches = [(inputs: Tensor<Double>.normal([4, 1, 4, 4], rng: &rng), labels: [0, 1, 2, 0])]
        model.isTraining = true
        let probe = HessianProbe(model: model, batches: batches)
        let trace = try probe.traces(samples: 3, seed: 7)
        #expect(trace.count == 2 && trace.allSatisfy { $0.mean.isFinite })
        #expect(model.isTraining)
    }
}
