import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

@Suite("Kernels against the dense Kronecker reference")
struct KernelTests {
    /// Every gate kind, random targets and controls, n = 1…8, both precisions and both
    /// threading policies, applied to random states.
    @Test(arguments: [ExecutionPolicy.serial, ExecutionPolicy.parallel(threads: 2, threshold: 0)])
    func randomGatesMatchReference(policy: ExecutionPolicy) throws {
        var rng = RandomGenerator(seed: 11)
        for n in 1...8 {
            for _ in 0..<(n < 4 ? 40 : 25) {
                let op = Reference.randomOperation(n: n, rng: &rng)
                let vals = op.parameters.map(\.offset)
                let psi = RandomQuantum.state(n, rng: &rng)
                var c = Circuit(qubits: n); c.append(op)
                let want = Reference.run(c, initial: psi)
                var s = StateVector<Double>(amplitudes: psi)
                s.apply(op, values: vals, threads: policy.threads(forQubits: n))
                #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "n=\(n) \(op.gate.name) t=\(op.targets) c=\(op.controls)")
                var f = StateVector<Float>(amplitudes: psi)
                f.apply(op, values: vals, threads: policy.threads(forQubits: n))
                #expect(Approximate.maxDifference(f.amplitudes, want) < 2e-5, "complex64 n=\(n) \(op.gate.name)")
            }
        }
    }

    /// Every target position, including 0 and 1 (in-register shuffles) and high ones (SIMD runs).
    @Test func oneAndTwoQubitKernelsOnEveryPosition() {
        var rng = RandomGenerator(seed: 3)
        let n = 6
        for q in 0..<n {
            for ctrl in [[], [(q + 1) % n], [(q + 2) % n, (q + 4) % n]] as [[Int]] {
                for m in [RandomQuantum.unitary(2, rng: &rng), Gate.x.matrix([]), Gate.rz.matrix([0.4]), Gate.t.matrix([]),
                          Gate.h.matrix([]), Gate.ry.matrix([0.9]), Gate.rx.matrix([0.7])] {
                    let psi = RandomQuantum.state(n, rng: &rng)
                    let want = Reference.apply(Reference.fullOperator(m, targets: [q], controls: ctrl, n: n), psi)
                    var s = StateVector<Double>(amplitudes: psi)
                    s.apply(BoundGate(targets: [q], controls: ctrl, matrix: m))
                    #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "q=\(q) c=\(ctrl)")
                }
            }
            for q2 in 0..<n where q2 != q {
                let m = RandomQuantum.unitary(4, rng: &rng)
                let psi = RandomQuantum.state(n, rng: &rng)
                let want = Reference.apply(Reference.fullOperator(m, targets: [q, q2], controls: [], n: n), psi)
                for threads in [1, 2] {
                    var s = StateVector<Double>(amplitudes: psi)
                    s.apply(BoundGate(targets: [q, q2], matrix: m), threads: threads)
                    #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "2q \(q),\(q2)")
                }
            }
        }
    }

    /// The swap kernels (X, CNOT, Toffoli) for every target and every set of one or two controls:
    /// each (target, control) layout has its own loop (lane shuffles, lane blends, SIMD runs).
    @Test func permutationKernelsOnEveryTargetAndControlLayout() {
        var rng = RandomGenerator(seed: 11)
        let n = 6
        for q in 0..<n {
            let others = (0..<n).filter { $0 != q }
            var sets: [[Int]] = [[]] + others.map { [$0] }
            for (i, a) in others.enumerated() { for b in others[(i + 1)...] { sets.append([a, b]) } }
            for ctrl in sets {
                let psi = RandomQuantum.state(n, rng: &rng)
                let want = Reference.apply(Reference.fullOperator(Gate.x.matrix([]), targets: [q], controls: ctrl, n: n), psi)
                for threads in [1, 2] {
                    var s = StateVector<Double>(amplitudes: psi)
                    s.apply(BoundGate(targets: [q], controls: ctrl, matrix: Gate.x.matrix([])), threads: threads)
                    #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-15, "q=\(q) c=\(ctrl) threads=\(threads)")
                    var f = StateVector<Float>(amplitudes: psi)
                    f.apply(BoundGate(targets: [q], controls: ctrl, matrix: Gate.x.matrix([])), threads: threads)
                    #expect(Approximate.maxDifference(f.amplitudes, want) < 1e-6, "float q=\(q) c=\(ctrl) threads=\(threads)")
                }
            }
        }
    }

    /// States larger than L2, where the 1-qubit flat loop prefetches for targets 5…10 and splits
    /// each thread's range at the state's end: every pair updated once, for targets inside and
    /// around that range, both precisions, 1 and 2 threads, against a plain pair loop.
    @Test func prefetchingFlatLoopOnLargeStates() {
        var rng = RandomGenerator(seed: 5)
        for n in [18, 19] {
            let psi = RandomQuantum.state(n, rng: &rng)
            for q in [4, 5, 7, 10, 11, n - 1] {
                let m = RandomQuantum.unitary(2, rng: &rng)
                let want = Reference.applyOneQubit(m, target: q, psi)
                for threads in [1, 2] {
                    var s = StateVector<Double>(amplitudes: psi)
                    s.apply(BoundGate(targets: [q], matrix: m), threads: threads)
                    #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "n=\(n) q=\(q) threads=\(threads)")
                    var f = StateVector<Float>(amplitudes: psi)
                    f.apply(BoundGate(targets: [q], matrix: m), threads: threads)
                    #expect(Approximate.maxDifference(f.amplitudes, want) < 2e-6, "float n=\(n) q=\(q) threads=\(threads)")
                }
            }
        }
    }

    /// Compiled programs (fusion up to k = 1…4, both policies) against op-by-op dense runs.
    @Test(arguments: [0, 1, 2, 3, 4])
    func fusedProgramsMatchReference(k: Int) throws {
        var rng = RandomGenerator(seed: 100 + UInt64(k))
        for n in 1...8 {
            var c = Circuit(qubits: n)
            for _ in 0..<30 { c.append(Reference.randomOperation(n: n, rng: &rng)) }
            let want = Reference.run(c)
            // chunkQubits 3 forces cache-blocked passes on these small states
            for chunk in [0, 3, 14] {
                let prog = QuantumProgram(c, options: CompileOptions(maxFusedQubits: k, chunkQubits: chunk))
                for policy in [ExecutionPolicy.serial, .parallel(threads: 2, threshold: 0)] {
                    let s = try prog.state(Double.self, policy: policy)
                    #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-11, "n=\(n) k=\(k) chunk=\(chunk) blocks=\(prog.blockCount)")
                    let f = try prog.state(Float.self, policy: policy)
                    #expect(Approximate.maxDifference(f.amplitudes, want) < 1e-4, "complex64 n=\(n) k=\(k) chunk=\(chunk)")
                }
            }
        }
    }

    @Test func fusionReducesKernelCalls() {
        var c = Circuit(qubits: 4)
        for q in 0..<4 { c.h(q); c.t(q) }
        for q in 0..<3 { c.cx(q, q + 1) }
        for q in 0..<4 { c.rx(0.3, q) }
        #expect(QuantumProgram(c, options: .gateByGate).blockCount == 15)
        // k = 1: H·T pairs fuse (8 → 4), RX stay, and the CNOT chain becomes one permutation pass
        #expect(QuantumProgram(c, options: CompileOptions(maxFusedQubits: 1)).blockCount == 9)
        #expect(QuantumProgram(c, options: CompileOptions(maxFusedQubits: 2)).blockCount <= 5)
    }

    @Test func normPreservedOver100kRandomGates() {
        var rng = RandomGenerator(seed: 5)
        let n = 10
        var s = StateVector<Double>.random(qubits: n, rng: &rng)
        let ops = (0..<4096).map { _ in Reference.randomOperation(n: n, rng: &rng) }
        let gates = ops.map { BoundGate(targets: $0.targets, controls: $0.controls, matrix: $0.targetMatrix($0.parameters.map(\.offset))) }
        for i in 0..<100_000 { s.apply(gates[(i &* 7919) % gates.count]) }
        #expect(abs(s.normSquared - 1) < 1e-12, "‖ψ‖² − 1 = \(s.normSquared - 1)")
    }
}

@Suite("Merged permutation blocks")
struct PermutationMergeTests {
    @Test func permutationRunsMatchReferenceForwardAndAdjoint() throws {
        var rng = RandomGenerator(seed: 31)
        for n in 2...7 {
            var c = Circuit(qubits: n)
            for q in 0..<n { c.ry(.weight(q), q); c.rz(.input(q % 2), q) }
            for q in 0..<n { c.cx(q, (q + 1) % n) }
            c.x(0); c.swap(0, n - 1)
            if n >= 3 { c.ccx(0, 1, 2); c.cswap(2, 0, 1) }
            for q in 0..<n { c.rx(.weight(n + q), q) }
            for q in stride(from: n - 1, to: 0, by: -1) { c.cx(q, q - 1) }
            let w = (0..<(2 * n)).map { _ in rng.nextUnit() * 6 }, x = [0.4, 1.3]
            let want = Reference.run(c, weights: w, inputs: x)
            let prog = QuantumProgram(c)
            #expect(prog.gradientPlan.blocks.contains { $0.cycles != nil }, "n=\(n): a permutation run was merged")
            let s = try prog.state(weights: w, inputs: x)
            #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12)
            let obs = try Observable.parse("Z0 + 0.5*X1")
            let adj = try prog.gradient(weights: w, inputs: x, observable: obs)
            let fd = try prog.finiteDifferenceGradient(weights: w, inputs: x, observable: obs)
            #expect(zip(adj.weightGradient, fd.weightGradient).allSatisfy { abs($0 - $1) < 1e-7 })
            #expect(zip(adj.inputGradient, fd.inputGradient).allSatisfy { abs($0 - $1) < 1e-7 })
        }
    }
}
