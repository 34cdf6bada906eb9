import Testing
import Foundation
@testable import QuantumSim

@Suite struct OpenQASMErrorTests {
    static let v2 = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\n"
    static let v3 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\n"

    /// (source, line, column, words the message must contain)
    static let cases: [(String, Int, Int, String)] = [
        (v2 + "foo q[0];", 5, 1, "unknown gate 'foo'"),
        (v2 + "h q[0]", 5, 7, "expected ';'"),
        (v2 + "cx q[0], q[2];", 5, 10, "out of range"),
        (v2 + "cx q[0], q[0];", 5, 1, "twice"),
        (v2 + "rx q[0];", 5, 1, "takes 1 parameter"),
        (v2 + "cx q[0];", 5, 1, "acts on 2 qubits"),
        (v2 + "h q;\nmeasure q -> c[0];", 6, 1, "measuring 2 qubits into 1 bits"),
        (v2 + "rx(pi/0) q[0];", 5, 6, "division by zero"),
        (v2 + "rx(foo) q[0];", 5, 4, "unknown name 'foo'"),
        (v2 + "gate g a { g a; }", 5, 12, "unknown gate 'g'"),
        (v2 + "opaque g a;", 5, 1, "unsupported construct 'opaque'"),
        (v2 + "qubit[2] r;", 5, 1, "OpenQASM 3"),
        (v2 + "rx(2**2) q[0];", 5, 5, "'**' is OpenQASM 3"),
        (v2 + "if (c == 1) { x q[0]; }", 5, 13, "unexpected '{'"),
        (v2 + "qreg big[100000];", 5, 1, "exceeds the limit"),
        (v2 + "qreg q2[99999999999999999999999];", 5, 9, "too large"),
        (v2 + "/* never closed", 5, 1, "unterminated block comment"),
        ("OPENQASM 2.0;\nqreg q[1];\nh q[0];", 3, 1, "include \"qelib1.inc\""),
        ("OPENQASM 4.0;", 1, 10, "unsupported OpenQASM version"),
        ("OPENQASM 2.0;\ninclude \"other.inc\";", 2, 1, "cannot include"),
        (v3 + "for int i in [0:3] { x q[0]; }", 4, 1, "unsupported construct 'for'"),
        (v3 + "pow(0.5) @ x q[0];", 4, 1, "constant integer"),
        (v3 + "pow(100000000) @ x q[0];", 4, 18, "expands to more than"),
        (v3 + "input float[64] a;\nrx(sin(a)) q[0];", 5, 4, "a·x + b"),
        (v3 + "input float[64] a;\ninput float[64] b;\nrx(a + b) q[0];", 6, 6, "a·x + b"),
        (v3 + "input float[64] a;\nrx(a * a) q[0];", 5, 6, "a·x + b"),
        (v3 + "rx(2^3) q[0];", 4, 5, "XOR"),
        (v3 + "ctrl @ x q[0];", 4, 8, "acts on 2 qubits"),
        (v3 + "x $0;", 4, 3, "physical qubits"),
        (v3 + "x q[0:1];", 4, 6, "slices"),
        (v3 + "def f() {}", 4, 1, "unsupported construct 'def'"),
        (v3 + "bit[2] c;\nc = 3;", 5, 3, "unsupported classical assignment"),
        (v3 + "gate a q { x q; }\ngate b q { a q; a q; a q; a q; a q; a q; a q; a q; }\ngate c q { b q; b q; b q; b q; b q; b q; b q; b q; }\n"
            + "gate d q { c q; c q; c q; c q; c q; c q; c q; c q; }\ngate e q { d q; d q; d q; d q; d q; d q; d q; d q; }\n"
            + "gate f q { e q; e q; e q; e q; e q; e q; e q; e q; }\ngate g q { f q; f q; f q; f q; f q; f q; f q; f q; }\n"
            + "gate k q { g q; g q; g q; g q; g q; g q; g q; g q; }\nk q[0];", 12, 1, "'k' expands to more than"),
        (v3 + "x q[0]; @", 4, 9, "unexpected '@'"),
        (v3 + "rx(((((((((1))))))))) q[0];\nrx(1 q[0];", 5, 6, "expected ')'"),
        // issue #14 item 8
        ("", 1, 1, "holds no OpenQASM program"),
        ("// only a comment\n\n", 1, 1, "holds no OpenQASM program"),
        ("include \"qelib1.inc\";\nqreg q[1];", 1, 1, "add `OPENQASM 2.0;`"),
        (v3 + "duration d = 100ns;", 4, 1, "unsupported construct 'duration'"),
        (v3 + "array[float[64], 2] a = {1.0, 2.0};", 4, 1, "unsupported construct 'array'"),
        (v3 + "rx(100ns) q[0];", 4, 4, "duration literal '100ns'"),
        (v3 + "qubit[1] rx;", 4, 1, "already declared"),
    ]

    /// OpenQASM 2 keeps registers apart from gates, as Qiskit does: `qreg p[2];` after the
    /// library that defines the gate `p`.
    @Test func version2RegistersMayShareAGateName() throws {
        let program = try OpenQASM.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg p[2];\np(0.5) p[0];\nh p[1];\n")
        #expect(program.qubitCount == 2 && program.operations.count == 2)
    }

    /// A byte that is not UTF-8 is reported at its line and column.
    @Test func invalidUTF8HasALine() {
        let bytes = Data("OPENQASM 2.0;\n// caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        #expect(throws: QASMError(line: 2, column: 7, construct: "text", message: "invalid UTF-8 byte 0xE9")) {
            try OpenQASM.decode(bytes)
        }
        #expect((try? OpenQASM.decode(Data("ok é".utf8))) == "ok é")
    }

    @Test(arguments: 0..<cases.count) func errorsNameLineColumnAndConstruct(_ i: Int) {
        let (source, line, column, words) = Self.cases[i]
        do {
            _ = try OpenQASM.parse(source)
            Issue.record("case \(i) parsed without error")
        } catch let e as QASMError {
            #expect(e.line == line && e.column == column && e.message.contains(words),
                    "case \(i): got \(e.line):\(e.column) '\(e.message)' [\(e.construct)]")
            #expect(!e.construct.isEmpty)
        } catch {
            Issue.record("case \(i): not a QASMError: \(error)")
        }
    }

    @Test func formattedLikeACompiler() {
        let e = QASMError(line: 3, column: 7, construct: "foo", message: "unknown gate 'foo'")
        #expect(e.formatted(file: "a.qasm") == "a.qasm:3:7: error: unknown gate 'foo'")
    }
}
