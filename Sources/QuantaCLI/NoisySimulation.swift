import Foundation
import Quanta

/// `quanta simulate FILE --noise MODEL.json`: the program's gates run with the noise model's
/// channels — as an exact density matrix, or with `--trajectories K` as K sampled state vectors
/// — and read out as probabilities, ⟨H⟩ and shot counts (with the model's readout error).
struct NoisySimulation {
    let noise: NoiseModel
    let circuit: Circuit
    /// Classical bit of each measured qubit (empty: every qubit is read, qubit 0 rightmost).
    let measured: [(qubit: Int, bit: Int)]
    let bitCount: Int

    /// Reads the model and checks the program: gates first, measurements only at the end.
    init(model url: URL, program: CircuitProgram, file: String) throws {
        noise = try Self.loadModel(url)
        var c = Circuit(qubits: program.qubitCount)
        var measured: [(qubit: Int, bit: Int)] = []
        for op in program.operations {
            switch op {
            case let .gate(g) where measured.isEmpty: c.append(g)
            case .barrier: break
            case let .measure(q, bit): measured.append((q, bit ?? q))
            default:
                throw CommandError("\(file): with --noise a program may only measure at its end (no gate after a measurement, "
                    + "no reset or condition)")
            }
        }
        circuit = c
        self.measured = measured
        bitCount = measured.isEmpty ? program.qubitCount : program.bitCount
    }

    /// The noise model in the JSON file at `url`, validated; the message names the file and entry.
    static func loadModel(_ url: URL) throws -> NoiseModel {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandError("cannot read the noise model '\(url.path)'")
        }
        do { return try JSONDecoder().decode(NoiseModel.self, from: data) } catch let e as QuantumSimError {
            throw CommandError("\(url.path): \(e)")
        } catch {
            throw CommandError("\(url.path): not a noise model (\(Self.reason(error)))")
        }
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.keyNotFound(_, let c),
             DecodingError.dataCorrupted(let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return (path.isEmpty ? "" : "at \(path): ") + c.debugDescription
        default: return "\(error)"
        }
    }

    /// The counts of `shots` samples of `probabilities` (over all qubits), keyed by classical bits.
    func counts(_ probabilities: [Double], shots: Int, seed: UInt64) -> [String: Int] {
        let p = noise.readout.map { $0.apply(to: probabilities, qubits: circuit.qubitCount) } ?? probabilities
        var out: [String: Int] = [:]
        for outcome in OutcomeSampler.draw(from: p, shots: shots, seed: seed) {
            var bits = [Bool](repeating: false, count: bitCount)
            if measured.isEmpty {
                for q in 0..<bitCount { bits[q] = outcome >> q & 1 == 1 }
            } else {
                for m in measured { bits[m.bit] = outcome >> m.qubit & 1 == 1 }
            }
            out[String(bits.reversed().map { $0 ? "1" : "0" }), default: 0] += 1
        }
        return out
    }
}

extension NoisySimulation {
    /// Fills `report` for `request`: probabilities and ⟨H⟩ from ρ, or averaged over `trajectories`
    /// state vectors (with standard errors in the log); counts sampled from those probabilities.
    func simulate<R: SimReal>(_ type: R.Type, _ request: SimulationRequest, trajectories: Int?, file: String,
                              into base: SimulationReport, io: Console) throws {
        var report = base
        let (probabilities, expectations) = try trajectories.map { try averaged(R.self, request, count: $0, io: io) }
            ?? exact(R.self, request, file: file)
        if request.probabilities {
            report.marginal = request.marginal
            let table = request.marginal.map { Self.marginal(probabilities, qubits: $0) } ?? probabilities
            report.probabilities = Indexed(count: table.count) { table[$0] }
        }
        report.expectations = expectations
        if let shots = request.shots {
            report.shots = shots
            report.seed = request.seed
            report.counts = counts(probabilities, shots: shots, seed: request.seed)
        }
        report.write(to: io)
    }

    func exact<R: SimReal>(_ type: R.Type, _ request: SimulationRequest, file: String) throws -> ([Double], [(String, Double)]) {
        let n = circuit.qubitCount
        let bytes = Double(MemoryLayout<R>.size) * 2 * pow(4.0, Double(n))
        guard bytes <= MemoryBudget.availableBytes() else {
            throw CommandError("\(file): the density matrix of \(n) qubits needs \(MemoryBudget.describe(bytes)), but only "
                + "\(MemoryBudget.describe(MemoryBudget.availableBytes())) are available; --trajectories K samples state vectors instead")
        }
        let rho = try DensityMatrix<R>.run(circuit, noise: noise, inputs: request.inputs, threads: request.policy.threads)
        return (rho.probabilities(), request.observables.map { ($0.0, rho.expectation($0.1)) })
    }

    func averaged<R: SimReal>(_ type: R.Type, _ request: SimulationRequest, count: Int,
                              io: Console) throws -> ([Double], [(String, Double)]) {
        let tenth = max(count / 10, 1)
        let a = try Trajectories.average(R.self, circuit, noise: noise, observables: request.observables.map(\.1), count: count,
                                         inputs: request.inputs, seed: request.seed) { done in
            if count >= 1000 && done % tenth == 0 { io.err("trajectories: \(done)/\(count)") }
        }
        for (k, o) in request.observables.enumerated() {
            io.err(String(format: "<%@> over %d trajectories: %.6f ± %.6f (standard error)", o.0, count, a.means[k], a.standardErrors[k]))
        }
        return (a.probabilities, request.observables.enumerated().map { ($0.element.0, a.means[$0.offset]) })
    }

    /// The marginal of `qubits` (entry i has bit k equal to the k-th listed qubit).
    static func marginal(_ p: [Double], qubits: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: 1 << qubits.count)
        for (index, value) in p.enumerated() {
            var key = 0
            for (k, q) in qubits.enumerated() where index >> q & 1 == 1 { key |= 1 << k }
            out[key] += value
        }
        return out
    }
}
