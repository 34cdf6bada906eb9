import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

/// Matrix product states against the state vector, truncation by hand, sampling, refusals.
struct MatrixProductStateTests {
    /// Random gates on at most two qubits, near and far apart, with controls and parameters.
    func randomCircuit(qubits n: Int, gates: Int, seed: UInt64) -> Circuit {
        var rng = RandomGenerator(seed: seed)
        var c = Circuit(qubits: n)
        for _ in 0..<gates {
            let a = Int(rng.next(upperBound: UInt64(n)))
            var b = Int(rng.next(upperBound: UInt64(n - 1)))
            if b >= a { b += 1 }
            let angle = Parameter.constant(2 * Double.pi * rng.nextUnit())
            switch rng.next(upperBound: UInt64(6)) {
            case 0: c.h(a)
            case 1: c.rx(angle, a)
            case 2: c.u3(angle, 0.4, -1.1, a)
            case 3: c.cx(a, b)
            case 4: c.rzz(angle, a, b)
            default: c.append(.ry, [b], controls: [a], parameters: [angle])
            }
        }
        return c
    }

    @Test func unboundedBondDimensionEqualsTheStateVector() throws {
        for seed in 0..<6 {
            let n = 3 + Int(seed)
            let c = randomCircuit(qubits: n, gates: 40, seed: UInt64(seed))
            var mps = try MatrixProductState(qubits: n, maxBondDimension: 1 << n)
            try mps.run(c)
            let reference = try QuantumProgram(c).state().amplitudes
            let amplitudes = try mps.amplitudes()
            var worst = 0.0
            for (x, y) in zip(amplitudes, reference) { worst = max(worst, (x - y).magnitude) }
            #expect(worst < 1e-10, "n = \(n): max |Δψ| \(worst)")
            #expect(mps.truncationError < 1e-20)
            let zz = PauliString([(0, "Z"), (n - 1, "X")])
            let exact = try QuantumProgram(c).expectation(observable: .pauli(PauliSum([(1, zz)])))
            #expect(abs(mps.expectation(zz) - exact) < 1e-10)
        }
    }

    @Test func truncationErrorIsTheDiscardedWeight() throws {
        // RY(2θ) on qubit 0 then CNOT: Schmidt values cos θ, sin θ; χ = 1 keeps cos θ only.
        let theta = 0.4
        var c = Circuit(qubits: 2)
        c.ry(.constant(2 * theta), 0)
        c.cx(0, 1)
        var mps = try MatrixProductState(qubits: 2, maxBondDimension: 1)
        try mps.run(c)
        #expect(abs(mps.truncationError - sin(theta) * sin(theta)) < 1e-12)
        let exact = try QuantumProgram(c).state().amplitudes
        let kept = try mps.amplitudes()
        var overlap = Complex.zero
        for (x, y) in zip(kept, exact) { overlap += x.conjugate * y }
        #expect(abs((1 - overlap.magnitudeSquared) - mps.truncationError) < 1e-12)
        #expect(mps.bondDimensions == [1])
    }

    @Test func samplesFollowTheBornRule() throws {
        let c = randomCircuit(qubits: 4, gates: 25, seed: 9)
        var mps = try MatrixProductState(qubits: 4, maxBondDimension: 16)
        try mps.run(c)
        let p = try QuantumProgram(c).state().probabilities()
        let shots = 20_000
        var counts = [Int](repeating: 0, count: 16)
        for s in try mps.sample(shots: shots, seed: 3) { counts[s] += 1 }
        for i in 0..<16 {
            let sigma = (Double(shots) * p[i] * (1 - p[i])).squareRoot()
            #expect(abs(Double(counts[i]) - Double(shots) * p[i]) <= 4 * sigma + 1, "outcome \(i)")
        }
    }

    @Test func badInputIsRefused() throws {
        #expect(throws: QuantumSimError.self) { try MatrixProductState(qubits: 3, maxBondDimension: 0) }
        #expect(throws: QuantumSimError.self) { try MatrixProductState(qubits: 0, maxBondDimension: 2) }
        var c = Circuit(qubits: 3)
        c.append(.x, [2], controls: [0, 1])
        var mps = try MatrixProductState(qubits: 3, maxBondDimension: 4)
        #expect(throws: QuantumSimError.self) { try mps.run(c) }
    }
}
