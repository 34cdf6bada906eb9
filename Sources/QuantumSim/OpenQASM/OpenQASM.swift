import Foundation
/// OpenQASM 2.0 and 3 import and export.
///
/// Conventions (Qiskit's): registers are laid out in declaration order, so `q[0]` of the first
/// register is qubit 0, the least significant bit of a state's amplitude index. Standard
/// gates have Qiskit's matrices (`u3 = U`, `u2(φ,λ) = U(π/2,φ,λ)`, `rz(θ) = exp(−iθZ/2)`),
/// not the global phases some library bodies carry.
public enum OpenQASM {
    /// The language version.
    public enum Version: Int, Sendable, CaseIterable {
        case v2 = 2
        case v3 = 3
    }

    /// Parses OpenQASM text (version from its `OPENQASM` header; 3 when absent) into a program.
    ///
    /// Supported: `qreg`/`creg`, `qubit[n]`/`bit[n]`, `include "qelib1.inc"` / `"stdgates.inc"`,
    /// `gate` definitions (parameters, nesting), `U`, `CX`, `gphase`, modifiers `ctrl @`,
    /// `ctrl(n) @`, `negctrl @`, `inv @`, `pow(k) @` (integer k), `measure`, `reset`,
    /// `barrier`, `if (c == n)`, `input float[64] name;` (→ `Parameter.input`), and expressions
    /// with `pi π tau τ euler ℇ`, `+ − * / ^ **`, `sin cos tan exp ln sqrt`.
    /// Throws `QASMError` (line, column, construct) for anything else.
    public static func parse(_ text: String) throws -> CircuitProgram {
        var parser = QASMParser(tokens: try QASMLexer.tokenize(text))
        let statements = try parser.parseProgram()
        guard !statements.isEmpty || parser.declaresVersion else {
            throw QASMError(line: 1, column: 1, construct: "program", message: "the file holds no OpenQASM program (it is empty)")
        }
        var lowering = QASMLowering(version: parser.version)
        lowering.declaresVersion = parser.declaresVersion
        return try lowering.lower(statements)
    }

    /// Decodes a file's bytes as UTF-8; an invalid byte is a `QASMError` at its line and column.
    public static func decode(_ data: Data) throws -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1, column = 1, i = data.startIndex
        while i < data.endIndex {
            let length = utf8Length(data, at: i)
            guard length > 0 else {
                let byte = String(format: "0x%02X", data[i])
                throw QASMError(line: line, column: column, construct: "text", message: "invalid UTF-8 byte \(byte)")
            }
            if data[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence at `i`, or 0.
    static func utf8Length(_ data: Data, at i: Data.Index) -> Int {
        let lead = data[i]
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
        guard length > 0, i + length <= data.endIndex else { return 0 }
        let sequence = data[i..<(i + length)]
        return String(validating: sequence, as: UTF8.self) == nil ? 0 : length
    }

    /// Parses a unitary program into a circuit (throws if it measures, resets or branches).
    public static func parseCircuit(_ text: String) throws -> Circuit {
        let program = try parse(text)
        guard let c = program.circuit else {
            throw QASMError(line: 1, column: 1, construct: "measure", message: "the program is not unitary (it measures, resets or branches)")
        }
        return c
    }
}
