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

    func render() -> String {
        json ? renderJSON() : renderText()
    }

    /// The JSON object of `--json`.
    struct JSON: Encodable {
        struct Expectation: Encodable {
            var observable: String
            var value: Double
        }
        var qubits: Int
        var clbits: Int
        var precision: String
        var inputs: [String]?
        var diagram: String?
        var statevector: [[Double]]?
        var probabilityQubits: [Int]?
        var probabilities: [Double]?
        var expectations: [Expectation]?
        var shots: Int?
        var seed: UInt64?
        var counts: [String: Int]?
    }

    func renderJSON() -> String {
        var json = JSON(qubits: program.qubitCount, clbits: program.bitCount,
                        precision: precision == "single" ? "complex64" : "complex128")
        json.inputs = program.inputNames.isEmpty ? nil : program.inputNames
        json.diagram = diagram
        json.statevector = amplitudes?.map { [$0.re, $0.im] }
        json.probabilityQubits = probabilities == nil ? nil : marginal
        json.probabilities = probabilities
        json.expectations = expectations.isEmpty ? nil : expectations.map { JSON.Expectation(observable: $0.0, value: $0.1) }
        if let counts, let shots {
            json.shots = shots
            json.seed = seed ?? 0
            json.counts = counts
        }
        return (try? JSONLine.encode(json)) ?? "{}"
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
