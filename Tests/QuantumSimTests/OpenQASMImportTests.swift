import Testing
import Foundation
import Tensor
@testable import QuantumSim

@Suite struct OpenQASMImportTests {
    func state(_ text: String, inputs: [Double] = []) throws -> [Complex] {
        try ProgramExecutor(try OpenQASM.parse(text)).run(Double.self, inputs: inputs).state.amplitudes
    }

    func reference(_ c: Circuit, inputs: [Double] = []) throws -> [Complex] {
        try QuantumProgram(c).state(Double.self, inputs: inputs).amplitudes
    }

    @Test func bellStateInQiskitOrder() throws {
        let a = try state("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n")
        let s = 1 / 2.0.squareRoot()
        #expect(QASMRandom.maxDifference(a, [Complex(s), .zero, .zero, Complex(s)]) < 1e-15)
        // x on the second register's last qubit sets qubit 2 = bit 2 of the index.
        let b = try state("OPENQASM 2.0;\nqreg a[1];\nqreg b[2];\nU(pi,0,pi) b[1];\n")
        #expect(b[4].re > 0.999999)
    }

    @Test func qasm2ExpressionsAndFunctions() throws {
        let text = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[1];
        rz(-pi/2 + 2*sin(pi/6)^2 - ln(exp(1.5)) + sqrt(4)/2*cos(0) - tan(0.25) + -2^2) q[0];
        """
        let v = -Double.pi / 2 + 2 * pow(sin(Double.pi / 6), 2) - 1.5 + 1 - tan(0.25) - 4
        let p = try OpenQASM.parse(text)
        guard case let .gate(g) = p.operations[0] else { Issue.record("not a gate"); return }
        #expect(g.gate == .rz)
        #expect(abs(g.parameters[0].offset - v) < 1e-14)
    }

    @Test func nestedParameterisedGateDefinitionsAndBroadcasting() throws {
        let text = """
        OPENQASM 2.0;
        include "qelib1.inc";
        gate inner(a) x { rx(a/2) x; }
        gate outer(a, b) x, y { inner(a*b) x; cx x, y; inner(-a) y; ry(b) y; }
        qreg q[2];
        qreg r[2];
        h q;
        outer(0.7, 1.3) q, r;
        cx q[0], r;
        """
        var c = Circuit(qubits: 4)
        c.h(0); c.h(1)
        for (x, y) in [(0, 2), (1, 3)] { c.rx(.constant(0.7 * 1.3 / 2), x); c.cx(x, y); c.rx(.constant(-0.35), y); c.ry(1.3, y) }
        c.cx(0, 2); c.cx(0, 3)
        #expect(QASMRandom.maxDifference(try state(text), try reference(c)) < 1e-12)
    }

    /// The library gates mapped natively agree with their qelib1.inc bodies (up to global phase).
    @Test func qelib1NativeGatesMatchTheirLibraryBodies() throws {
        let bodies: [(String, String, String)] = [
            ("crx(0.7) a[0],a[1];", "gate t_(lambda) a,b { u1(pi/2) b; cx a,b; u3(-lambda/2,0,0) b; cx a,b; u3(lambda/2,-pi/2,0) b; }", "t_(0.7) a[0],a[1];"),
            ("cu3(0.3,0.4,0.5) a[1],a[0];", "gate t_(theta,phi,lambda) c, t { u1((lambda+phi)/2) c; u1((lambda-phi)/2) t; cx c,t; u3(-theta/2,0,-(phi+lambda)/2) t; cx c,t; u3(theta/2,phi,0) t; }", "t_(0.3,0.4,0.5) a[1],a[0];"),
            ("cu(0.3,0.4,0.5,0.6) a[0],a[2];", "gate t_(theta,phi,lambda,gamma) c, t { p(gamma) c; p((lambda+phi)/2) c; p((lambda-phi)/2) t; cx c,t; u(-theta/2,0,-(phi+lambda)/2) t; cx c,t; u(theta/2,phi,0) t; }", "t_(0.3,0.4,0.5,0.6) a[0],a[2];"),
            ("csx a[2],a[1];", "gate t_ a,b { h b; cu1(pi/2) a,b; h b; }", "t_ a[2],a[1];"),
            ("ch a[0],a[1];", "gate t_ a,b { h b; sdg b; cx a,b; h b; t b; cx a,b; t b; h b; s b; x b; s a; }", "t_ a[0],a[1];"),
            ("rxx(0.9) a[0],a[2];", "gate t_(theta) a,b { u3(pi/2, theta, 0) a; h b; cx a,b; u1(-theta) b; cx a,b; h b; u2(-pi, pi-theta) a; }", "t_(0.9) a[0],a[2];"),
            ("rzz(0.9) a[1],a[2];", "gate t_(theta) a,b { cx a,b; u1(theta) b; cx a,b; }", "t_(0.9) a[1],a[2];"),
            ("cswap a[2],a[0],a[1];", "gate t_ a,b,c { cx c,b; ccx a,b,c; cx c,b; }", "t_ a[2],a[0],a[1];"),
            ("sxdg a[1];", "gate t_ a { s a; h a; s a; }", "t_ a[1];"),
            ("c3sqrtx a[0],a[1],a[2],a[3];", "gate t_ a,b,c,d { h d; cu1(pi/8) a,d; h d; cx a,b; h d; cu1(-pi/8) b,d; h d; cx a,b; h d; cu1(pi/8) b,d; h d; cx b,c; h d; cu1(-pi/8) c,d; h d; cx a,c; h d; cu1(pi/8) c,d; h d; cx b,c; h d; cu1(-pi/8) c,d; h d; cx a,c; h d; cu1(pi/8) c,d; h d; }", "t_ a[0],a[1],a[2],a[3];"),
            ("c4x a[0],a[1],a[2],a[3],a[4];", "gate t_ a,b,c,d,e { h e; cu1(pi/2) d,e; h e; c3x a,b,c,d; h e; cu1(-pi/2) d,e; h e; c3x a,b,c,d; c3sqrtx a,b,c,e; }", "t_ a[0],a[1],a[2],a[3],a[4];"),
        ]
        let prep = "u3(0.3,0.2,0.1) a[0]; u3(1.1,0.5,-0.3) a[1]; u3(2.0,-1,0.4) a[2]; u3(0.7,0.1,0.2) a[3]; u3(1.7,0.3,0.9) a[4]; cx a[0],a[3]; cx a[4],a[1];"
        for (native, definition, call) in bodies {
            let head = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"
            let a = try state(head + "qreg a[5];\n" + prep + "\n" + native)
            let b = try state(head + definition + "\nqreg a[5];\n" + prep + "\n" + call)
            #expect(abs(1 - QASMRandom.fidelity(a, b)) < 1e-12, "\(native)")
        }
    }

    @Test func qasm3ModifiersInputsAndConstants() throws {
        let text = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        input angle phi;
        qubit[3] q;
        bit[3] c;
        gate g(a) x, y { ctrl @ ry(a) x, y; gphase(a/4); }
        h q;
        ctrl @ g(2*theta + π/4) q[2], q[0], q[1];
        inv @ pow(3) @ t q[1];
        pow(-2) @ s q[2];
        negctrl @ x q[0], q[2];
        ctrl(2) @ rz(tau/8 - phi) q[0], q[1], q[2];
        rx(euler) q[0];
        U(0.1, 0.2, 0.3) q[1];
        gphase(-theta);
        """
        let (theta, phi) = (0.37, -1.1)
        var c = Circuit(qubits: 3)
        c.h(0); c.h(1); c.h(2)
        let a = 2 * Parameter.input(0) + Double.pi / 4
        c.append(.ry, [1], controls: [2, 0], parameters: [a])
        c.append(.globalPhase, [], controls: [2], parameters: [0.25 * a])
        for _ in 0..<3 { c.tdg(1) }
        for _ in 0..<2 { c.sdg(2) }
        c.x(0); c.cx(0, 2); c.x(0)
        c.append(.rz, [2], controls: [0, 1], parameters: [-Parameter.input(1) + Double.pi / 4])
        c.rx(.constant(M_E), 0)
        c.u(0.1, 0.2, 0.3, 1)
        c.globalPhase(-.input(0))
        let p = try OpenQASM.parse(text)
        #expect(p.inputNames == ["theta", "phi"])
        #expect(QASMRandom.maxDifference(try state(text, inputs: [theta, phi]), try reference(c, inputs: [theta, phi])) < 1e-12)
    }

    @Test func qasm3MeasurementSyntaxAndOldStyleRegisters() throws {
        let p = try OpenQASM.parse("""
        OPENQASM 3;
        include "stdgates.inc";
        qreg q[2];
        creg c[2];
        qubit r;
        bit b;
        x q[1];
        c = measure q;
        b = measure r;
        measure q[0] -> c[0];
        measure r;
        reset r;
        barrier;
        if (c == 2) { x r; }
        """)
        #expect(p.qubitCount == 3 && p.bitCount == 3)
        let run = try ProgramExecutor(p).run(Double.self, seed: 1)
        #expect(run.bits == [false, true, false])
        #expect(run.state[0b110].re > 0.999999)
    }

    /// Files written for the original qelib1.inc define Qiskit's additions themselves.
    @Test func definitionsMayReplaceQiskitsQelib1Additions() throws {
        let head = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"
        let a = try state(head + "gate p(l) a { u1(l) a; }\ngate rzz(t) a, b { cx a, b; u1(t) b; cx a, b; }\ngate rccx a, b, c { ccx a, b, c; }\n"
                          + "qreg q[3];\nh q;\np(0.3) q[0];\nrzz(0.7) q[0], q[1];\nrccx q[0], q[1], q[2];\n")
        var c = Circuit(qubits: 3)
        c.h(0); c.h(1); c.h(2); c.p(0.3, 0); c.rzz(0.7, 0, 1); c.ccx(0, 1, 2)
        #expect(abs(1 - QASMRandom.fidelity(a, try reference(c))) < 1e-12)
        #expect(throws: QASMError.self) { try OpenQASM.parse(head + "gate h a { x a; }\n") }
        #expect(throws: QASMError.self) { try OpenQASM.parse(head + "gate p(l) a { u1(l) a; }\ngate p(l) a { u1(l) a; }\n") }
    }
}
