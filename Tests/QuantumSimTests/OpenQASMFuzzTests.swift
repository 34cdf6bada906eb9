import Testing
import Foundation
import Tensor
@testable import QuantumSim

/// Mutated and truncated OpenQASM files either parse or throw a `QASMError` with a position;
/// never a crash or a hang. What parses (and fits) is simulated for one shot too.
@Suite struct OpenQASMFuzzTests {
    static let corpus = [
        """
        OPENQASM 2.0;
        include "qelib1.inc";
        gate my(a, b) x, y { rx(a) x; cx x, y; u3(b, -a/2, pi^2) y; }
        gate twice(t) q { my(t, 2*t) q, q; }
        qreg q[3];
        creg c[3];
        h q;
        my(0.3, sin(pi/7)) q[0], q[2];
        ccx q[0], q[1], q[2];
        measure q[0] -> c[0];
        if (c == 1) cu1(-0.2e-1) q[1], q[2];
        reset q[1];
        barrier q[0], q[1];
        measure q -> c;
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        qubit[3] q;
        bit[2] c;
        gate g(a) x, y { ctrl @ rz(a) x, y; gphase(-a/2); }
        /* block comment */
        ctrl @ g(2*theta + π) q[0], q[1], q[2];
        inv @ pow(2) @ sx q[1];
        negctrl(2) @ x q[0], q[1], q[2];
        c[0] = measure q[0];
        if (c[0]) { x q[2]; reset q[0]; }
        U(tau/3, euler, -1.5) q[1];
        c = measure q[1:2];
        """,
        """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg a[2];
        qreg b[2];
        creg m[2];
        u2(0, pi) a[0];
        cx a, b;
        rzz(0.25) a[1], b[0];
        c3x a[0], a[1], b[0], b[1];
        rccx a[0], b[0], b[1];
        measure b -> m;
        if (m == 3) x a;
        """,
    ]

    static let fragments = ["(", ")", ";", "[", "]", "{", "}", "->", "@", ",", "==", "ctrl", "inv", "pow(1000000) @",
                            "pow(-3) @", "gate", "qreg", "creg", "qubit[5]", "99999999999999999999", "1e400", "-", "pi", "π",
                            "\"", "/*", "//", "if", "measure", "reset", "x", "q[", "q[7]", "h q;", "gate r q { r q; }",
                            "input float[64] z;", "sin(", "^", "**", "0.5", "ctrl(3) @", "negctrl @", "U", "CX", "\n", "$0",
                            "opaque", "for", "qreg big[5000];", "gphase(1);", "c[0] = measure q[0];", "\u{0}", "é", "🙂"]

    static func mutate(_ text: String, _ rng: inout RandomGenerator) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            let at = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count + 1))
            switch rng.next() % 6 {
            case 0: chars = Array(chars.prefix(at))
            case 1:
                let len = Int(rng.next() % 12)
                chars.removeSubrange(at..<min(chars.count, at + len))
            case 2: chars.insert(contentsOf: " " + fragments[Int(rng.next() % UInt64(fragments.count))] + " ", at: at)
            case 3: if at < chars.count { chars[at] = Character(Unicode.Scalar(UInt8(32 + rng.next() % 95))) }
            case 4:
                let lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
                let i = Int(rng.next() % UInt64(lines.count)), j = Int(rng.next() % UInt64(lines.count))
                var l = lines.map(String.init)
                l.insert(l[i], at: j)
                chars = Array(l.joined(separator: "\n"))
            default:
                if let d = chars.indices.filter({ chars[$0].isNumber }).randomElement(using: &rng) {
                    chars.replaceSubrange(d...d, with: ["0", "1", "7", "4096", "100000", "3000000000"][Int(rng.next() % 6)])
                }
            }
        }
        return String(chars)
    }

    @Test func mutatedFilesGiveErrorsWithPositions() throws {
        var rng = RandomGenerator(seed: 2024)
        var parsed = 0, rejected = 0, simulated = 0
        let start = Date()
        for i in 0..<3000 {
            let text = Self.mutate(Self.corpus[i % Self.corpus.count], &rng)
            do {
                let p = try OpenQASM.parse(text)
                parsed += 1
                if p.qubitCount <= 12 {
                    let run = try ProgramExecutor(p).run(Double.self, inputs: [Double](repeating: 0.3, count: p.inputCount), seed: UInt64(i))
                    #expect(abs(run.state.normSquared - 1) < 1e-9)
                    simulated += 1
                }
            } catch let e as QASMError {
                rejected += 1
                #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty && !e.construct.isEmpty, "\(e)")
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(e.line <= lines.count + 1, "\(e) beyond the text")
            }
        }
        print("fuzz: 3000 cases, \(parsed) parsed (\(simulated) simulated), \(rejected) rejected, \(Date().timeIntervalSince(start)) s")
        #expect(parsed > 100 && rejected > 1000)
    }
}
