import Foundation
import Quanta

/// A sequence read by index on demand (amplitudes straight from a state), so that large
/// outputs are written without being copied.
struct Indexed<Element> {
    let count: Int
    let element: (Int) -> Element
}

/// What `quanta simulate` prints, as text or one JSON object, written in pieces.
struct SimulationReport {
    var program: CircuitProgram
    var precision: String
    var json: Bool
    var diagram: String?
    var amplitudes: Indexed<Complex>?
    var probabilities: Indexed<Double>?
    var marginal: [Int]?
    var expectations: [(String, Double)] = []
    var shots: Int?
    var seed: UInt64?
    var counts: [String: Int]?
    /// How a `--distributed` run spread the state and where its time went.
    var distributed: DistributedSummary?

    /// The `distributed` object of `--json`.
    struct DistributedSummary: Encodable {
        var ranks: Int
        var localQubits: Int
        var bytesPerRank: Double
        var gates: Int
        var globalGates: Int
        var conditionedGates: Int
        var swaps: Int
        var seconds: Double
        var secondsPerLocalGate: Double
        var secondsPerGlobalGate: Double
        var communicationSeconds: Double
        var bytesSent: Int
        var fidelity: Double?
    }

    /// `index` as a bitstring of `width` bits, bit 0 rightmost.
    static func bits(_ index: Int, _ width: Int) -> String {
        String((0..<width).reversed().map { (index >> $0) & 1 == 1 ? "1" : "0" })
    }

    var precisionName: String { precision == "single" ? "complex64" : "complex128" }

    /// Writes the report to stdout.
    func write(to io: Console) {
        var out = ChunkedOutput(io)
        if json { writeJSON(&out) } else { writeText(&out) }
        out.flush()
    }

    struct Expectation: Encodable {
        var observable: String
        var value: Double
    }

    /// The JSON object of `--json`: keys sorted, snake_case, one line.
    func writeJSON(_ out: inout ChunkedOutput) {
        var fields: [(String, (inout ChunkedOutput) -> Void)] = []
        func add<T: Encodable>(_ key: String, _ value: T?) {
            guard let value, let text = try? JSONLine.encode(value) else { return }
            fields.append((key, { $0.write(text) }))
        }
        add("qubits", program.qubitCount)
        add("clbits", program.bitCount)
        add("precision", precisionName)
        add("inputs", program.inputNames.isEmpty ? nil : program.inputNames)
        add("diagram", diagram)
        add("distributed", distributed)
        add("expectations", expectations.isEmpty ? nil : expectations.map { Expectation(observable: $0.0, value: $0.1) })
        if let counts, let shots {
            add("shots", shots)
            add("seed", seed ?? 0)
            add("counts", counts)
        }
        if let probabilities {
            add("probability_qubits", marginal)
            fields.append(("probabilities", { Self.writeArray(&$0, probabilities) { JSONLine.number($0) } }))
        }
        if let amplitudes {
            fields.append(("statevector", { out in
                Self.writeArray(&out, amplitudes) { "[\(JSONLine.number($0.re)),\(JSONLine.number($0.im))]" }
            }))
        }
        out.write("{")
        for (i, (key, value)) in fields.sorted(by: { $0.0 < $1.0 }).enumerated() {
            out.write(i == 0 ? "\"\(key)\":" : ",\"\(key)\":")
            value(&out)
        }
        out.write("}\n")
    }

    static func writeArray<E>(_ out: inout ChunkedOutput, _ items: Indexed<E>, _ format: (E) -> String) {
        out.write("[")
        for i in 0..<items.count {
            if i > 0 { out.write(",") }
            out.write(format(items.element(i)))
        }
        out.write("]")
    }

    func writeText(_ out: inout ChunkedOutput) {
        let n = program.qubitCount
        if let diagram { out.write(diagram) }
        if let amplitudes {
            out.line("statevector (\(precisionName), qubit 0 rightmost):")
            for i in 0..<amplitudes.count {
                let a = amplitudes.element(i)
                out.line("  \(Self.bits(i, n))  \(String(format: "%+.12f %+.12fi", a.re, a.im))")
            }
        }
        if let probabilities {
            let width = marginal?.count ?? n
            let header = marginal.map { "qubits " + $0.reversed().map(String.init).joined(separator: ",") + " (left to right)" }
                ?? "qubit 0 rightmost"
            out.line("probabilities (\(header)):")
            for i in 0..<probabilities.count {
                out.line("  \(Self.bits(i, width))  \(String(format: "%.12f", probabilities.element(i)))")
            }
        }
        for (text, v) in expectations { out.line("<\(text)> = \(String(format: "%.12f", v))") }
        if let counts, let shots {
            out.line("counts (\(shots) shots, seed \(seed ?? 0), \(program.hasMeasurements ? "classical bit" : "qubit") 0 rightmost):")
            for (k, v) in counts.sorted(by: { $0.key < $1.key }) { out.line("  \(k)  \(v)") }
        }
    }
}
