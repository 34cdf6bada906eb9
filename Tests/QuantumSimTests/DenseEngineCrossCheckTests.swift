import Foundation
import Testing
import QuantaTestSupport
@testable import QuantumSim
import Tensor

/// The two engines share one gate vocabulary: random circuits of QuantumSim gates (with
/// controls, random angles as weights) run through the dense engine (`DenseProgram`), the
/// compiled state-vector engine (`QuantumProgram`) and the Kronecker reference must give the
/// same final state; the dense readouts must match the state's probabilities and ⟨Z⟩.
@Suite struct DenseEngineCrossCheckTests {
    /// A random gate of every kind the dense engine takes (all but the zero-qubit global phase).
    static func randomInstruction(n: Int, rng: inout RandomGenerator) -> Instruction {
        while true {
            let op = Reference.randomOperation(n: n, rng: &rng, parametric: true)
            if op.gate.qubitCount > 0 { return op }
        }
    }

    /// `circuit` with each constant angle turned into a weight; returns the dense circuit too.
    static func both(_ ops: [Instruction], n: Int) throws -> (Circuit, DenseCircuit, [Double]) {
        var circuit = Circuit(qubits: n)
        let readout = QuantumReadout.basisStates(qubits: Array(0..<n), states: Array(0..<1 << n))
        var dense = try DenseCircuit(qubits: n, readout: readout)
        var weights: [Double] = []
        for op in ops {
            var parameters: [Parameter] = []
            var angles: [DenseCircuit.Angle] = []
            for p in op.parameters {
                parameters.append(.weight(weights.count))
                angles.append(.weight(weights.count))
                weights.append(p.offset)
            }
            circuit.append(Instruction(op.gate, targets: op.targets, controls: op.controls, parameters: parameters))
            try dense.gate(op.gate, op.targets, controls: op.controls, angles)
        }
        return (circuit, dense, weights)
    }

    @Test(arguments: 1...5) func randomCircuitsAgreeAcrossEngines(n: Int) throws {
        var rng = RandomGenerator(seed: UInt64(40 + n))
        for _ in 0..<12 {
            let ops = (0..<(3 * n + 4)).map { _ in Self.randomInstruction(n: n, rng: &rng) }
            let (circuit, dense, weights) = try Self.both(ops, n: n)
            let reference = Reference.run(circuit, weights: weights)
            let compiled = try QuantumProgram(circuit).state(Double.self, weights: weights).amplitudes
            let program = DenseProgram(dense)
            let (values, tape) = try program.forward(weights: weights, inputs: [], batch: 1)
            let amplitudes = (0..<(1 << n)).map { Complex(tape.states[2 * $0], tape.states[2 * $0 + 1]) }
            #expect(Approximate.maxDifference(amplitudes, reference) < 1e-10, "dense vs Kronecker, n = \(n): \(ops)")
            #expect(Approximate.maxDifference(compiled, reference) < 1e-10, "compiled vs Kronecker, n = \(n)")
            let probabilities = reference.map(\.magnitudeSquared)
            #expect(zip(values, probabilities).allSatisfy { abs($0 - $1) < 1e-10 })
        }
    }

    /// Marginals and ⟨Z⟩ read the qubits as `QuantumLayer`'s readout does: outcome bit j is the
    /// j-th listed qubit (`StateVector.probabilities(qubits:)` lists the most significant first).
    @Test func readoutsUseTheQuantumSimQubitOrder() throws {
        var rng = RandomGenerator(seed: 7)
        let ops = (0..<10).map { _ in Self.randomInstruction(n: 4, rng: &rng) }
        let (circuit, _, weights) = try Self.both(ops, n: 4)
        let state = try QuantumProgram(circuit).state(Double.self, weights: weights)
        let listed = [3, 1]
        var marginal = try DenseCircuit(qubits: 4, readout: .basisStates(qubits: listed, states: Array(0..<4)))
        var zs = try DenseCircuit(qubits: 4, readout: .expectations([0, 2].map(Observable.z)))
        var index = 0
        for op in ops {
            let angles: [DenseCircuit.Angle] = op.parameters.map { _ in
                defer { index += 1 }
                return .weight(index)
            }
            try marginal.gate(op.gate, op.targets, controls: op.controls, angles)
            try zs.gate(op.gate, op.targets, controls: op.controls, angles)
        }
        let p = try DenseProgram(marginal).forward(weights: weights, inputs: [], batch: 1).values
        let want = state.probabilities(qubits: listed.reversed())
        #expect(zip(p, want).allSatisfy { abs($0 - $1) < 1e-10 }, "\(p) vs \(want)")
        let z = try DenseProgram(zs).forward(weights: weights, inputs: [], batch: 1).values
        #expect(abs(z[0] - state.expectation(.z(0))) < 1e-10 && abs(z[1] - state.expectation(.z(2))) < 1e-10)
    }
}

/// SU(2ᵏ) gates exp(i Σ ω P) of the dense engine against a Kronecker construction: the Pauli
/// strings as Kronecker products of 2×2 matrices (first listed qubit leftmost), exp by a
/// Taylor series with scaling and squaring.
@Suite struct DenseSpecialUnitaryReferenceTests {
    static let paulis: [[Complex]] = [
        [.one, .zero, .zero, .one], [.zero, .one, .one, .zero],
        [.zero, Complex(0, -1), Complex(0, 1), .zero], [.one, .zero, .zero, Complex(-1, 0)],
    ]

    /// exp(i Σ_k ω_k P_k) for the strings in lexicographic order over (I, X, Y, Z).
    static func exponential(_ omega: [Double], qubits k: Int) -> [Complex] {
        let d = 1 << k
        var h = [Complex](repeating: .zero, count: d * d)
        for code in 1..<(1 << (2 * k)) {
            var m: [Complex] = [.one]
            var size = 1
            for w in 0..<k {
                m = Reference.kron(m, size, paulis[(code >> (2 * (k - 1 - w))) & 3], 2)
                size *= 2
            }
            for i in 0..<(d * d) { h[i] += Complex(omega[code - 1], 0) * m[i] }
        }
        // exp(iH) = (exp(iH/2^s))^(2^s), the inner by 24 Taylor terms
        let s = 8
        let a = h.map { Complex(0, 1) * $0 * Complex(1 / Double(1 << s), 0) }
        var result = [Complex](repeating: .zero, count: d * d)
        var term = [Complex](repeating: .zero, count: d * d)
        for i in 0..<d { result[i * d + i] = .one; term[i * d + i] = .one }
        for n in 1...24 {
            term = multiply(term, a, d).map { $0 * Complex(1 / Double(n), 0) }
            for i in 0..<(d * d) { result[i] += term[i] }
        }
        for _ in 0..<s { result = multiply(result, result, d) }
        return result
    }

    static func multiply(_ a: [Complex], _ b: [Complex], _ d: Int) -> [Complex] {
        var c = [Complex](repeating: .zero, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                for l in 0..<d { c[i * d + j] += a[i * d + l] * b[l * d + j] }
            }
        }
        return c
    }

    @Test(arguments: [(3, [2]), (3, [0, 2]), (4, [3, 1]), (3, [1, 2, 0])])
    func specialUnitaryMatchesTheKroneckerExponential(n: Int, qubits: [Int]) throws {
        var rng = RandomGenerator(seed: UInt64(n * 10 + qubits.count))
        let count = (1 << (2 * qubits.count)) - 1
        let omega = (0..<count).map { _ in rng.nextNormal() * 0.4 }
        var dense = try DenseCircuit(qubits: n, initialState: .plus, readout: .expectations([0].map(Observable.z)))
        try dense.gate(.ry, [0], [.constant(0.7)])
        try dense.append(.specialUnitary(qubits: qubits, weightOffset: 0))
        let tape = try DenseProgram(dense).forward(weights: omega, inputs: [], batch: 1).tape
        let got = (0..<(1 << n)).map { Complex(tape.states[2 * $0], tape.states[2 * $0 + 1]) }
        var c = Circuit(qubits: n)
        for q in 0..<n { c.h(q) }
        c.ry(0.7, 0)
        let start = Reference.run(c)
        let u = Self.exponential(omega, qubits: qubits.count)
        let want = Reference.apply(Reference.fullOperator(u, targets: qubits, controls: [], n: n), start)
        #expect(Approximate.maxDifference(got, want) < 1e-9, "SU on \(qubits) of \(n)")
    }
}
