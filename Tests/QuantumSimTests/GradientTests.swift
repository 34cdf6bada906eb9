import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

/// A random circuit whose parameters are weights, inputs, affine maps and constants, over all
/// parametric gate kinds, with and without controls, mixed with fixed gates.
func randomParametricCircuit(n: Int, gates: Int, weights: Int, inputs: Int, rng: inout RandomGenerator) -> Circuit {
    var c = Circuit(qubits: n)
    let kinds: [Gate] = [.rx, .ry, .rz, .p, .u, .u1, .u2, .u3, .phasedU, .rxx, .ryy, .rzz, .rzx]
    for _ in 0..<gates {
        if rng.nextUnit() < 0.3 {
            c.append(Reference.randomOperation(n: n, rng: &rng))
            continue
        }
        var g = kinds[Int(rng.next(upperBound: UInt64(kinds.count)))]
        if g.qubitCount > n { g = .ry }
        let nc = n - g.qubitCount > 0 && rng.nextUnit() < 0.3 ? 1 : 0
        let qs = Reference.randomQubits(g.qubitCount + nc, of: n, rng: &rng)
        let params: [Parameter] = (0..<g.parameterCount).map { _ in
            let r = rng.nextUnit()
            if r < 0.45 { return .weight(Int(rng.next(upperBound: UInt64(weights)))) }
            if r < 0.75 { return .input(Int(rng.next(upperBound: UInt64(inputs)))) }
            if r < 0.9 { return (rng.nextUnit() * 2 - 1) * .weight(Int(rng.next(upperBound: UInt64(weights)))) + 0.3 }
            return .constant(rng.nextUnit() * 3)
        }
        c.append(Instruction(g, targets: Array(qs.prefix(g.qubitCount)), controls: Array(qs.dropFirst(g.qubitCount)), parameters: params))
    }
    return c
}

private func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double { Approximate.maxDifference(a, b) }

@Suite("Adjoint gradients vs parameter shift and finite differences")
struct GradientTests {
    @Test(arguments: [0, 1, 2, 3])
    func adjointMatchesParameterShiftAndFiniteDifferences(k: Int) throws {
        var rng = RandomGenerator(seed: 42 + UInt64(k))
        for n in [1, 2, 3, 5] {
            let nw = 6, nx = 3
            var c = randomParametricCircuit(n: n, gates: 14, weights: nw, inputs: nx, rng: &rng)
            // make sure every weight and input is referenced
            for j in 0..<nw { c.ry(.weight(j), j % n) }
            for j in 0..<nx { c.rx(0.5 * .input(j), j % n) }
            let w = (0..<nw).map { _ in rng.nextUnit() * 6 - 3 }
            let x = (0..<nx).map { _ in rng.nextUnit() * 3 }
            let obs: Observable = n >= 3 ? try .parse("0.5*Z0 Z1 - 1.2*X2 + Y0 + 0.3") : try .parse("0.7*X0 + Z0 - 0.2*Y0")
            let prog = QuantumProgram(c, options: CompileOptions(maxFusedQubits: k))
            let adj = try prog.gradient(weights: w, inputs: x, observable: obs)
            let ps = try prog.parameterShiftGradient(weights: w, inputs: x, observable: obs)
            let fd = try prog.finiteDifferenceGradient(weights: w, inputs: x, observable: obs)
            let value = try prog.expectation(weights: w, inputs: x, observable: obs)
            let dense = Reference.run(c, weights: w, inputs: x)
            let refValue = StateVector<Double>(amplitudes: dense).expectation(obs)
            #expect(abs(adj.values[0] - value) < 1e-12 && abs(value - refValue) < 1e-11)
            #expect(maxAbsDiff(adj.weightGradient, ps.weightGradient) < 1e-10, "n=\(n) k=\(k) weights adjoint vs shift")
            #expect(maxAbsDiff(adj.inputGradient, ps.inputGradient) < 1e-10, "n=\(n) k=\(k) inputs adjoint vs shift")
            #expect(maxAbsDiff(adj.weightGradient, fd.weightGradient) < 1e-7, "n=\(n) k=\(k) weights adjoint vs FD")
            #expect(maxAbsDiff(adj.inputGradient, fd.inputGradient) < 1e-7, "n=\(n) k=\(k) inputs adjoint vs FD")
            let adj64 = try prog.gradient(Float.self, weights: w, inputs: x, observable: obs)
            #expect(maxAbsDiff(adj64.weightGradient, adj.weightGradient) < 1e-4, "complex64 adjoint")
        }
    }

    @Test func projectorAndVJPWithSeveralObservables() throws {
        var rng = RandomGenerator(seed: 9)
        let n = 4
        let c = randomParametricCircuit(n: n, gates: 20, weights: 5, inputs: 2, rng: &rng)
        let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 6 }
        let x = (0..<c.inputCount).map { _ in rng.nextUnit() * 6 }
        let obs: [Observable] = [.z(0), try .parse("X1 X2 + 0.5*Y3"), .projector(qubits: [0, 2], bits: [1, 0])]
        let g = [0.7, -1.3, 2.1]
        let prog = QuantumProgram(c)
        let vjp = try prog.vectorJacobianProduct(weights: w, inputs: x, observables: obs, upstream: g)
        var wsum = [Double](repeating: 0, count: c.weightCount), xsum = [Double](repeating: 0, count: c.inputCount)
        for (o, gk) in zip(obs, g) {
            let fd = try prog.finiteDifferenceGradient(weights: w, inputs: x, observable: o)
            for j in wsum.indices { wsum[j] += gk * fd.weightGradient[j] }
            for j in xsum.indices { xsum[j] += gk * fd.inputGradient[j] }
            #expect(abs(vjp.values[obs.firstIndex(of: o)!] - (try prog.expectation(weights: w, inputs: x, observable: o))) < 1e-12)
        }
        #expect(maxAbsDiff(vjp.weightGradient, wsum) < 1e-7)
        #expect(maxAbsDiff(vjp.inputGradient, xsum) < 1e-7)
    }

    @Test(arguments: [ExecutionPolicy.serial, .parallel(threads: 2), .parallel(threads: 2, threshold: 0)])
    func batchMatchesPerSample(policy: ExecutionPolicy) throws {
        var rng = RandomGenerator(seed: 77)
        let n = 5, batch = 7
        let c = randomParametricCircuit(n: n, gates: 25, weights: 4, inputs: 3, rng: &rng)
        let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 6 }
        let xs = (0..<(batch * 3)).map { _ in rng.nextUnit() * 3 }
        let obs: [Observable] = [.z(0), try .parse("0.5*Z1 Z2 - X3")]
        let up = (0..<(batch * 2)).map { _ in rng.nextUnit() - 0.5 }
        let prog = QuantumProgram(c)
        let b = try prog.vectorJacobianProduct(weights: w, inputs: xs, batch: batch, observables: obs, upstream: up, policy: policy)
        let vals = try prog.expectations(weights: w, inputs: xs, batch: batch, observables: obs, policy: policy)
        #expect(maxAbsDiff(vals, b.values) < 1e-12)
        var wsum = [Double](repeating: 0, count: c.weightCount)
        for s in 0..<batch {
            let x = Array(xs[(3 * s)..<(3 * s + 3)])
            let one = try prog.vectorJacobianProduct(weights: w, inputs: x, observables: obs, upstream: Array(up[(2 * s)..<(2 * s + 2)]))
            for j in wsum.indices { wsum[j] += one.weightGradient[j] }
            #expect(maxAbsDiff(one.values, Array(b.values[(2 * s)..<(2 * s + 2)])) < 1e-12)
            #expect(maxAbsDiff(Array(one.inputGradient.prefix(c.inputCount)),
                               Array(b.inputGradient[(3 * s)..<(3 * s + c.inputCount)])) < 1e-12)
        }
        #expect(maxAbsDiff(wsum, b.weightGradient) < 1e-11)
    }

    @Test func largeStateThreadedGradientMatchesSerial() throws {
        var rng = RandomGenerator(seed: 5)
        let c = randomParametricCircuit(n: 15, gates: 40, weights: 6, inputs: 2, rng: &rng)
        let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 6 }
        let x = (0..<c.inputCount).map { _ in rng.nextUnit() * 6 }
        let prog = QuantumProgram(c)
        let obs = Observable.pauli(.sumZ(15))
        let a = try prog.gradient(weights: w, inputs: x, observable: obs)
        let b = try prog.gradient(weights: w, inputs: x, observable: obs, policy: .parallel(threads: 2, threshold: 10))
        #expect(abs(a.values[0] - b.values[0]) < 1e-12)
        #expect(maxAbsDiff(a.weightGradient, b.weightGradient) < 1e-12)
        #expect(maxAbsDiff(a.inputGradient, b.inputGradient) < 1e-12)
    }
}
