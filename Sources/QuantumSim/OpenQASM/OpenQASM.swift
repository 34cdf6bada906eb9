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
        var lowering = QASMLowering(version: parser.version)
        return try lowering.lower(statements)
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
