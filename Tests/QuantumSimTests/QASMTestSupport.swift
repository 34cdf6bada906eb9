import Foundation
import QuantaTestSupport
import Tensor
@testable import QuantumSim

/// Random circuits over every gate kind, for OpenQASM round trips.
enum QASMRandom {
    static func unitary(_ k: Int, _ rng: inout RandomGenerator) -> [Complex] {
        RandomQuantum.unitary(1 << k, rng: &rng)
    }

    static func parameter(_ rng: inout RandomGenerator, symbolic: Bool) -> Parameter {
        let v = (rng.nextUnit() - 0.5) * 8
        guard symbolic else { return .constant(v) }
        switch Int(rng.next() % 3) {
        case 0: return .constant(v)
        case 1: return (rng.nextUnit() * 3 - 1.5) * Parameter.input(Int(rng.next() % 3)) + v
        default: return (rng.nextUnit() * 3 - 1.5) * Parameter.weight(Int(rng.next() % 2)) + v
        }
    }

    static func circuit(qubits n: Int, gates: Int, symbolic: Bool, maxControls: Int = 3, rng: inout RandomGenerator) -> Circuit {
        var c = Circuit(qubits: n)
        let kinds = Gate.standardKinds
        for _ in 0..<gates {
            var g = kinds[Int(rng.next() % UInt64(kinds.count))]
            let r = rng.next() % 20
            if r == 0 { g = .unitary(unitary(1 + Int(rng.next() % 2), &rng)) }
            if r == 1 { g = .diagonal((0..<(2 << Int(rng.next() % 2))).map { _ in Complex.expi(rng.nextUnit() * 6) }) }
            if r == 2 { g = .unitary(unitary(1, &rng)) }
            guard g.qubitCount <= n else { continue }
            let order = rng.permutation(n)
            let targets = Array(order.prefix(g.qubitCount))
            let free = n - g.qubitCount
            let k = rng.next() % 2 == 0 ? 0 : min(free, Int(rng.next() % UInt64(maxControls + 1)))
            let controls = Array(order.dropFirst(g.qubitCount).prefix(k))
            let ps = (0..<g.parameterCount).map { _ in parameter(&rng, symbolic: symbolic) }
            c.append(Instruction(g, targets: targets, controls: controls, parameters: ps, adjoint: rng.next() % 4 == 0))
        }
        return c
    }

    /// |⟨a|b⟩|² / (‖a‖²‖b‖²).
    static func fidelity(_ a: [Complex], _ b: [Complex]) -> Double {
        var dot = Complex.zero, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) { dot += x.conjugate * y; na += x.magnitudeSquared; nb += y.magnitudeSquared }
        return dot.magnitudeSquared / (na * nb)
    }

    static func maxDifference(_ a: [Complex], _ b: [Complex]) -> Double { Approximate.maxDifference(a, b) }
}
