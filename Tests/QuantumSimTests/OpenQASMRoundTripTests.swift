import Testing
import Foundation
import Tensor
@testable import QuantumSim

@Suite struct OpenQASMRoundTripTests {
    /// The state gate by gate (no fusion: the reference must not share code paths with what
    /// is tested, and fused parametric adjoint gates disagreed with it at commit eb29115).
    static func reference(_ c: Circuit, weights w: [Double], inputs x: [Double]) throws -> [Complex] {
        try QuantumProgram(c, options: .gateByGate).state(Double.self, weights: w, inputs: x).amplitudes
    }

    /// Export → import reproduces the state of random circuits over every gate kind, with
    /// controls, adjoints, dense and diagonal unitaries and symbolic parameters.
    @Test func randomCircuitsRoundTripThroughOpenQASM3() throws {
        var rng = RandomGenerator(seed: 7)
        for trial in 0..<300 {
            let n = 1 + Int(rng.next() % 5)
            let c = QASMRandom.circuit(qubits: n, gates: 12, symbolic: true, rng: &rng)
            let x = (0..<c.inputCount).map { _ in rng.nextUnit() * 4 - 2 }
            let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 4 - 2 }
            let want = try Self.reference(c, weights: w, inputs: x)
            let text = try OpenQASM.export(c, version: .v3)
            let program = try OpenQASM.parse(text)
            #expect(program.inputNames == (0..<c.inputCount).map { "x\($0)" } + (0..<c.weightCount).map { "w\($0)" })
            let got = try ProgramExecutor(program).run(Double.self, inputs: x + w).state.amplitudes
            let diff = QASMRandom.maxDifference(want, got)
            #expect(diff < 1e-9, "trial \(trial): max |Δ| = \(diff)\n\(text)")
            if diff >= 1e-9 { return }
        }
    }

    /// OpenQASM 2 has no global phase, so states agree up to one (fidelity 1).
    @Test func randomCircuitsRoundTripThroughOpenQASM2() throws {
        var rng = RandomGenerator(seed: 11)
        for trial in 0..<300 {
            let n = 1 + Int(rng.next() % 6)
            let c = QASMRandom.circuit(qubits: n, gates: 12, symbolic: true, maxControls: 4, rng: &rng)
            let x = (0..<c.inputCount).map { _ in rng.nextUnit() * 4 - 2 }
            let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 4 - 2 }
            let want = try Self.reference(c, weights: w, inputs: x)
            let text = try OpenQASM.export(c, version: .v2, weights: w, inputs: x)
            let got = try QuantumProgram(try OpenQASM.parseCircuit(text)).state(Double.self).amplitudes
            let f = QASMRandom.fidelity(want, got)
            #expect(abs(1 - f) < 1e-10, "trial \(trial): fidelity \(f)\n\(text)")
            if abs(1 - f) >= 1e-10 { return }
        }
    }

    /// Many controls in OpenQASM 2 (no `ctrl @`): Barenco-style decompositions into qelib1 gates.
    @Test func manyControlsInOpenQASM2() throws {
        var rng = RandomGenerator(seed: 5)
        for k in 5...6 {
            for gate in [Gate.x, .u, .phasedU, .sxdg, .globalPhase] {
                var c = Circuit(qubits: k + 1)
                for q in 0...k { c.u(.constant(rng.nextUnit() * 3), .constant(rng.nextUnit()), .constant(rng.nextUnit()), q) }
                let ps = (0..<gate.parameterCount).map { _ in Parameter.constant(rng.nextUnit() * 4 - 2) }
                c.append(gate, gate == .globalPhase ? [] : [k], controls: Array(0..<(gate == .globalPhase ? k + 1 : k)), parameters: ps)
                let want = try Self.reference(c, weights: [], inputs: [])
                let got = try QuantumProgram(try OpenQASM.parseCircuit(try OpenQASM.export(c, version: .v2))).state(Double.self).amplitudes
                #expect(abs(1 - QASMRandom.fidelity(want, got)) < 1e-10, "\(gate) with \(k) controls")
            }
        }
    }

    @Test func symbolicOpenQASM2ExportNamesTheUnboundInput() throws {
        var c = Circuit(qubits: 1)
        c.rx(.input(0), 0)
        #expect(throws: QuantumSimError.self) { try OpenQASM.export(c, version: .v2) }
        let text = try OpenQASM.export(c, version: .v2, inputs: [0.25])
        #expect(text.contains("rx(0.25) q[0];"))
    }

    @Test func programsWithMeasurementRoundTrip() throws {
        let src = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        measure q[0] -> c[0];
        if (c == 1) x q[1];
        reset q[0];
        barrier q;
        measure q[1] -> c[1];
        """
        let p = try OpenQASM.parse(src)
        for version in OpenQASM.Version.allCases {
            let again = try OpenQASM.parse(try OpenQASM.export(p, version: version))
            #expect(again.operations == p.operations)
            #expect(again.bitRegisters == p.bitRegisters)
        }
    }

    @Test func singleBitConditionsRoundTripThroughOpenQASM3() throws {
        let p = try OpenQASM.parse("""
        OPENQASM 3;
        include "stdgates.inc";
        qubit[2] q;
        bit[2] c;
        h q[0];
        c[0] = measure q[0];
        if (c[0]) { x q[1]; }
        if (c[0] == false) { h q[1]; }
        if (c[1] == true) { z q[0]; }
        c[1] = measure q[1];
        """)
        let text = try OpenQASM.export(p, version: .v3)
        #expect(text.contains("if (c[0] == false) {"))
        #expect(try OpenQASM.parse(text).operations == p.operations)
        #expect(throws: QuantumSimError.self) { try OpenQASM.export(p, version: .v2) }
    }
}
