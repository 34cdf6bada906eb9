import Foundation
import Quanta

/// What `quanta simulate` prints, as text or one JSON object.
struct SimulationReport {
    var program: CircuitProgram
    var precision: String
    var json: Bool
    var diagram: String?
    var amplitudes: [Complex]?
    var probabilities: [Double]?
    var marginal: [Int]?
    var expectations: [(String, Double)] = []
    var shots: Int?
    var seed: UInt64?
    var counts: [String: Int]?

    /// `index` as a bitstring of `width` bits, bit 0 rightmost.
    static func bits(_ index: Int, _ width: Int) -> String {
        String((0..<width).reversed().map { (index >> $0) & 1 == 1 ? "1" : "0" })
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    func render() -> String {
        json ? renderJSON() : renderText()
    }

    func renderJSON() -> String {
        var fields = ["\"qubits\":\(program.qubitCount)", "\"clbits\":\(program.bitCount)",
                      "\"precision\":\"\(precision == "single" ? "complex64" : "complex128")\""]
        if !program.inputNames.isEmpty {
            fields.append("\"inputs\":[" + program.inputNames.map(Self.string).joined(separator: ",") + "]")
        }
        if let diagram { fields.append("\"diagram\":" + Self.string(diagram)) }
        if let amplitudes {
            fields.append("\"statevector\":[" + amplitudes.map { "[\($0.re),\($0.im)]" }.joined(separator: ",") + "]")
        }
        if let probabilities {
            if let marginal { fields.append("\"probability_qubits\":[" + marginal.map(String.init).joined(separator: ",") + "]") }
            fields.append("\"probabilities\":[" + probabilities.map { "\($0)" }.joined(separator: ",") + "]")
        }
        if !expectations.isEmpty {
            fields.append("\"expectations\":[" + expectations.map { "{\"observable\":\(Self.string($0.0)),\"value\":\($0.1)}" }
                .joined(separator: ",") + "]")
        }
        if let counts, let shots {
            fields.append("\"shots\":\(shots)")
            fields.append("\"seed\":\(seed ?? 0)")
            fields.append("\"counts\":{" + counts.sorted { $0.key < $1.key }.map { "\(Self.string($0.key)):\($0.value)" }
                .joined(separator: ",") + "}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func renderText() -> String {
        var lines: [String] = []
        let n = program.qubitCount
        if let diagram { lines.append(String(diagram.dropLast())) }
        if let amplitudes {
            lines.append("statevector (\(precision == "single" ? "complex64" : "complex128"), qubit 0 rightmost):")
            for (i, a) in amplitudes.enumerated() {
                lines.append("  \(Self.bits(i, n))  \(String(format: "%+.12f %+.12fi", a.re, a.im))")
            }
        }
        if let probabilities {
            let width = marginal?.count ?? n
            let header = marginal.map { "qubits " + $0.reversed().map(String.init).joined(separator: ",") + " (left to right)" }
                ?? "qubit 0 rightmost"
            lines.append("probabilities (\(header)):")
            for (i, p) in probabilities.enumerated() { lines.append("  \(Self.bits(i, width))  \(String(format: "%.12f", p))") }
        }
        for (text, v) in expectations { lines.append("<\(text)> = \(String(format: "%.12f", v))") }
        if let counts, let shots {
            lines.append("counts (\(shots) shots, seed \(seed ?? 0), \(program.hasMeasurements ? "classical bit" : "qubit") 0 rightmost):")
            for (k, v) in counts.sorted(by: { $0.key < $1.key }) { lines.append("  \(k)  \(v)") }
        }
        return lines.joined(separator: "\n")
    }
}
