import Foundation

/// Text diagrams of circuits and programs for terminals: one row per qubit (qubit 0 on top),
/// time running left to right, gates as labels with their parameters, `●` for controls,
/// `│` joining the qubits of one operation.
///
/// ```
/// q[0]: ──H────●─────────
///              │
/// q[1]: ───────X───RZ(π/4)
/// ```
public enum CircuitDrawer {
    /// The diagram of a program, wrapped into blocks at most `width` characters wide.
    public static func draw(_ program: CircuitProgram, width: Int = 100) -> String {
        let n = program.qubitCount
        guard n > 0 else { return "(no qubits)\n" }
        let names = (0..<n).map { q -> String in
            let r = program.qubitRegisters.last { $0.offset <= q } ?? Register(name: "q", offset: 0, size: n)
            return "\(r.name)[\(q - r.offset)]: "
        }
        let labelWidth = names.map(\.count).max() ?? 0
        // Columns: per column, a label per qubit and the vertical span.
        var columns: [(cells: [Int: String], span: ClosedRange<Int>?)] = []
        var last = [Int](repeating: -1, count: n)
        // A condition must not share a column with the measurement it reads, nor the reverse.
        var lastMeasure = -1, lastCondition = -1
        for op in program.operations {
            let cells = Self.cells(op, program)
            guard let lo = cells.keys.min(), let hi = cells.keys.max() else { continue }
            var column = (lo...hi).map { last[$0] }.max()! + 1
            switch op {
            case .measure: column = max(column, lastCondition + 1); lastMeasure = column
            case .conditional: column = max(column, lastMeasure + 1); lastCondition = column
            default: break
            }
            if column == columns.count { columns.append(([:], nil)) }
            for (q, s) in cells { columns[column].cells[q] = s }
            if lo < hi {
                let old = columns[column].span
                columns[column].span = min(lo, old?.lowerBound ?? lo)...max(hi, old?.upperBound ?? hi)
            }
            for q in lo...hi { last[q] = column }
        }
        // Render each column as 2n−1 strings of equal width.
        var rendered: [[String]] = []
        for col in columns {
            let w = (col.cells.values.map(\.count).max() ?? 1) + 2
            var rows: [String] = []
            for q in 0..<n {
                let inSpan = col.span?.contains(q) ?? false
                if let s = col.cells[q] {
                    let left = (w - s.count) / 2
                    rows.append(String(repeating: "─", count: left) + s + String(repeating: "─", count: w - s.count - left))
                } else {
                    let mid = (w - 1) / 2
                    rows.append(String(repeating: "─", count: mid) + (inSpan ? "┼" : "─") + String(repeating: "─", count: w - 1 - mid))
                }
                if q < n - 1 {
                    let joined = (col.span.map { $0.contains(q) && $0.contains(q + 1) }) ?? false
                    let mid = (w - 1) / 2
                    rows.append(String(repeating: " ", count: mid) + (joined ? "│" : " ") + String(repeating: " ", count: w - 1 - mid))
                }
            }
            rendered.append(rows)
        }
        // Wrap into blocks.
        var blocks: [[[String]]] = [[]]
        var used = labelWidth + 1
        for r in rendered {
            let w = r[0].count
            if used + w > width && !blocks[blocks.count - 1].isEmpty { blocks.append([]); used = labelWidth + 1 }
            blocks[blocks.count - 1].append(r)
            used += w
        }
        var out: [String] = []
        for (b, block) in blocks.enumerated() {
            if b > 0 { out.append("") }
            for row in 0..<(2 * n - 1) {
                let prefix = row % 2 == 0 ? names[row / 2].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: labelWidth)
                let body = block.map { $0[row] }.joined()
                let line = prefix + (row % 2 == 0 ? "─" : " ") + body + (row % 2 == 0 ? "─" : "")
                out.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The diagram of a circuit (weights shown as `w0…`, inputs as `x0…`).
    public static func draw(_ circuit: Circuit, width: Int = 100) -> String {
        draw(CircuitProgram(circuit), width: width)
    }

    /// Labels per qubit for one operation.
    static func cells(_ op: ProgramOperation, _ program: CircuitProgram) -> [Int: String] {
        switch op {
        case let .gate(g):
            var cells: [Int: String] = [:]
            for c in g.controls { cells[c] = "●" }
            let label = Self.label(g, program)
            if g.targets.isEmpty {
                if let c = g.controls.last { cells[c] = label } else { cells[0] = label }
            } else if g.gate == .swap {
                for t in g.targets { cells[t] = "×" }
            } else if g.targets.count == 1 {
                cells[g.targets[0]] = label
            } else {
                for (i, t) in g.targets.enumerated() { cells[t] = "\(label):\(i)" }
            }
            return cells
        case let .measure(q, b):
            if let b {
                let r = program.bitRegisters.last { $0.offset <= b } ?? Register(name: "c", offset: 0, size: program.bitCount)
                return [q: "M→\(r.name)[\(b - r.offset)]"]
            }
            return [q: "M"]
        case let .reset(q):
            return [q: "|0⟩"]
        case let .barrier(qs):
            return Dictionary(qs.map { ($0, "░") }, uniquingKeysWith: { a, _ in a })
        case let .conditional(c, inner):
            let r = program.bitRegisters.first { $0.offset == c.bits.first && $0.size == c.bits.count }
            let cond = r.map { "\($0.name)==\(c.value)" } ?? "bits\(c.bits)==\(c.value)"
            return cells(inner, program).mapValues { $0 == "●" ? $0 : "\($0) if \(cond)" }
        }
    }

    static func label(_ g: Instruction, _ program: CircuitProgram) -> String {
        var name: String
        switch g.gate {
        case .unitary: name = "UNITARY"
        case .diagonal: name = "DIAG"
        case .globalPhase: name = g.controls.isEmpty ? "GPHASE" : "P"
        case .phasedU: name = "CU"
        case .sx: name = "√X"
        case .sxdg: name = "√X†"
        default: name = g.gate.name.uppercased()
        }
        if g.isAdjoint { name += "†" }
        guard !g.parameters.isEmpty else { return name }
        return name + "(" + g.parameters.map { value($0, program) }.joined(separator: ",") + ")"
    }

    /// A parameter as text: multiples of π as fractions, else 4 significant digits.
    static func value(_ p: Parameter, _ program: CircuitProgram) -> String {
        func number(_ v: Double) -> String {
            for d in [1, 2, 3, 4, 6, 8] {
                let k = v / .pi * Double(d)
                if abs(k - k.rounded()) < 1e-9, k != 0, abs(k) <= 64 {
                    let n = Int(k.rounded())
                    let g = gcd(abs(n), d)
                    let num = n / g, den = d / g
                    let head = num == 1 ? "π" : num == -1 ? "-π" : "\(num)π"
                    return den == 1 ? head : "\(head)/\(den)"
                }
            }
            return String(format: "%.4g", v)
        }
        guard case let .input(i) = p.source else { return number(p.offset) }
        let name = i < program.inputNames.count ? program.inputNames[i] : "x\(i)"
        var s = p.scale == 1 ? name : p.scale == -1 ? "-\(name)" : "\(number(p.scale))·\(name)"
        if p.offset != 0 { s += p.offset > 0 ? "+\(number(p.offset))" : "-\(number(-p.offset))" }
        return s
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }
}
