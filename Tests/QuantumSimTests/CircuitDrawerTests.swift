import Testing
@testable import QuantumSim

@Suite struct CircuitDrawerQASMTests {
    @Test func bellCircuitDiagram() {
        var c = Circuit(qubits: 2)
        c.h(0); c.cx(0, 1)
        #expect(CircuitDrawer.draw(c) == "q[0]: ──H──●──\n           │\nq[1]: ─────X──\n")
    }

    @Test func parametersControlsMeasurementAndConditions() throws {
        let p = try OpenQASM.parse("""
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c[1];
        rz(pi/4) q[0];
        crx(0.5) q[0], q[2];
        measure q[0] -> c[0];
        if (c == 1) x q[1];
        """)
        let text = CircuitDrawer.draw(p)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 6)
        #expect(rows[0].hasPrefix("q[0]: ──RZ(π/4)──") && rows[0].contains("●"))
        #expect(rows[0].contains("M→c[0]"))
        #expect(rows[2].contains("X if c==1"))
        #expect(rows[4].contains("RX(0.5)"))
        #expect(rows[1].contains("│") && rows[3].contains("│"))
    }

    @Test func symbolicParametersAndWrapping() {
        var c = Circuit(qubits: 1)
        for _ in 0..<30 { c.ry(2 * .input(0) + 0.5, 0) }
        let text = CircuitDrawer.draw(c, width: 60)
        #expect(text.contains("RY(2·x0+0.5)"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("q[0]") }.count > 1)
    }
}
