import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

@Suite("Circuit IR and composition")
struct CircuitTests {
    @Test func inverseUndoesTheCircuit() throws {
        var rng = RandomGenerator(seed: 4)
        var c = Circuit(qubits: 5)
        for _ in 0..<40 { c.append(Reference.randomOperation(n: 5, rng: &rng)) }
        let psi = RandomQuantum.state(5, rng: &rng)
        var s = StateVector<Double>(amplitudes: psi)
        QuantumProgram(c + c.inverse).run(&s)
        #expect(Approximate.maxDifference(s.amplitudes, psi) < 1e-12)
        let back = Reference.run(c.inverse, initial: Reference.run(c, initial: psi))
        #expect(Approximate.maxDifference(back, psi) < 1e-12)
    }

    @Test func parametricInverseAndRepeat() throws {
        var c = Circuit(qubits: 2)
        c.ry(.weight(0), 0); c.crz(2 * .input(0) + 0.1, 0, 1); c.u(.weight(1), .input(0), 0.3, 1)
        let w = [0.4, -1.2], x = [0.8]
        var s = try QuantumProgram(c.repeated(3)).state(weights: w, inputs: x)
        QuantumProgram(c.inverse.repeated(3)).run(&s, weights: w, inputs: x)
        #expect(abs(s[0].re - 1) < 1e-12 && abs(s.normSquared - 1) < 1e-12)
        #expect(c.weightCount == 2 && c.inputCount == 1)
        #expect(c.repeated(3).instructions.count == 9)
    }

    @Test func controlledCircuitActsOnlyWhenControlsAreOne() throws {
        var rng = RandomGenerator(seed: 8)
        var body = Circuit(qubits: 3)
        for _ in 0..<15 { body.append(Reference.randomOperation(n: 3, rng: &rng)) }
        body.globalPhase(0.7)
        let cc = body.widened(to: 5).controlled(by: [3, 4])
        let psi = RandomQuantum.state(5, rng: &rng)
        var s = StateVector<Double>(amplitudes: psi)
        QuantumProgram(cc).run(&s)
        // expected: block-diagonal: U on the controls=11 subspace, identity elsewhere
        let u = Reference.run(body.widened(to: 5), initial: psi)
        for i in 0..<32 {
            let want = (i >> 3) == 0b11 ? u[i] : psi[i]
            // u acts on all of psi; restricted to the subspace it is the controlled action
            #expect((s[i] - want).magnitude < 1e-12, "index \(i)")
        }
    }

    @Test func standardControlledGatesMatchDefinitions() throws {
        // cx, cy, cz, ch, crx, cry, crz, cp, cu, ccx, cswap against their explicit matrices
        var rng = RandomGenerator(seed: 12)
        let th = 0.77
        let cases: [(Circuit, [Complex], [Int])] = {
            var out: [(Circuit, [Complex], [Int])] = []
            func one(_ build: (inout Circuit) -> Void, _ target: [Complex], ctrl: Int) {
                var c = Circuit(qubits: 3); build(&c)
                // controlled 2×2 with control as most significant bit
                var m = [Complex](repeating: .zero, count: 16)
                m[0] = .one; m[5] = .one
                m[10] = target[0]; m[11] = target[1]; m[14] = target[2]; m[15] = target[3]
                out.append((c, m, [ctrl, 1]))
            }
            one({ $0.cx(2, 1) }, Gate.x.matrix([]), ctrl: 2)
            one({ $0.cy(0, 1) }, Gate.y.matrix([]), ctrl: 0)
            one({ $0.cz(2, 1) }, Gate.z.matrix([]), ctrl: 2)
            one({ $0.ch(0, 1) }, Gate.h.matrix([]), ctrl: 0)
            one({ $0.crx(.constant(th), 2, 1) }, Gate.rx.matrix([th]), ctrl: 2)
            one({ $0.cry(.constant(th), 0, 1) }, Gate.ry.matrix([th]), ctrl: 0)
            one({ $0.crz(.constant(th), 2, 1) }, Gate.rz.matrix([th]), ctrl: 2)
            one({ $0.cp(.constant(th), 0, 1) }, Gate.p.matrix([th]), ctrl: 0)
            one({ $0.cu(.constant(th), 0.2, 0.3, 0.4, 2, 1) }, Gate.phasedU.matrix([th, 0.2, 0.3, 0.4]), ctrl: 2)
            return out
        }()
        for (c, m, qs) in cases {
            let psi = RandomQuantum.state(3, rng: &rng)
            var s = StateVector<Double>(amplitudes: psi)
            QuantumProgram(c).run(&s)
            let want = Reference.apply(Reference.fullOperator(m, targets: qs, controls: [], n: 3), psi)
            #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "\(c.instructions[0].gate.name)")
        }
        // Toffoli and Fredkin permute basis states
        var t = Circuit(qubits: 3); t.ccx(0, 1, 2)
        var st = StateVector<Double>(amplitudes: (0..<8).map { $0 == 0b011 ? .one : .zero })
        QuantumProgram(t).run(&st)
        #expect(st[0b111] == .one)
        var f = Circuit(qubits: 3); f.cswap(0, 1, 2)
        var sf = StateVector<Double>(amplitudes: (0..<8).map { $0 == 0b011 ? .one : .zero })
        QuantumProgram(f).run(&sf)
        #expect(sf[0b101] == .one)
    }

    @Test func userMatricesAreValidated() {
        var c = Circuit(qubits: 2)
        #expect(throws: QuantumSimError.self) { try c.unitary([.one, .one, .zero, .one], [0]) }
        #expect(throws: QuantumSimError.self) { try c.unitary([.one], [0]) }
        #expect(throws: QuantumSimError.self) { try c.diagonal([.one, Complex(2)], [0]) }
        #expect(throws: Never.self) { try c.diagonal([.one, .i], [1]) }
    }
}
