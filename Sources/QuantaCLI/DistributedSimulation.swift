import Foundation
import Quanta

/// `quanta simulate FILE --distributed` under `mpirun -np 2ᵏ`: the state's amplitudes spread
/// over the ranks (`DistributedStateVector`), the read-outs reduced, the distribution reported.
/// Without mpirun the one-process simulator runs instead.
struct DistributedSimulation {
    let program: CircuitProgram
    let circuit: Circuit
    /// Terminal measurements: (qubit, classical bit).
    let measured: [(qubit: Int, bit: Int)]
    let request: SimulationRequest
    let world: Communicator
    let verify: Bool

    /// Splits `program` into its gates and its terminal measurements; refuses what the
    /// distributed state does not run (mid-circuit measurement, reset, conditions).
    init(program: CircuitProgram, request: SimulationRequest, world: Communicator, verify: Bool) throws {
        var circuit = Circuit(qubits: program.qubitCount)
        var measured: [(qubit: Int, bit: Int)] = []
        for operation in program.operations {
            switch operation {
            case let .gate(instruction) where measured.isEmpty:
                circuit.append(instruction)
            case .barrier:
                continue
            case let .measure(qubit, bit):
                if let bit { measured.append((qubit, bit)) }
            default:
                throw UsageError("--distributed runs programs whose measurements all come at the end (no reset, "
                    + "condition or gate after a measurement)")
            }
        }
        self.program = program
        self.circuit = circuit
        self.measured = measured
        self.request = request
        self.world = world
        self.verify = verify
    }

    /// Simulates, reads out and writes the report (rank 0) and the distribution summary.
    func simulate<R: SimReal>(_ type: R.Type, file: String, into base: SimulationReport, io: Console) throws {
        var state = try DistributedStateVector<R>(qubits: program.qubitCount, communicator: world,
                                                  extraBytes: extraBytes(R.self))
        let start = Date()
        state.run(circuit, inputs: request.inputs, policy: request.policy)
        state.restoreLayout()
        let seconds = Date().timeIntervalSince(start)
        var report = base
        let norm = state.normSquared
        if request.probabilities {
            let qubits = request.marginal ?? Array(0..<program.qubitCount)
            let table = state.probabilities(qubits: qubits.reversed())
            report.marginal = request.marginal
            report.probabilities = Indexed(count: table.count) { table[$0] / norm }
        }
        report.expectations = request.observables.map { ($0.0, state.expectation($0.1) / norm) }
        if let shots = request.shots {
            report.shots = shots
            report.seed = request.seed
            report.counts = keyed(state.counts(shots: shots, seed: request.seed))
        }
        let fidelity = verify ? try self.fidelity(state, R.self) : nil
        io.err(summary(state, seconds: seconds, fidelity: fidelity))
        report.distributed = jsonSummary(state, seconds: seconds, fidelity: fidelity)
        report.write(to: io)
    }

    /// Memory beside the state: the two copies an `--expect` term flipping a global qubit
    /// makes, the marginal table, and on rank 0 with `--verify` the whole one-process state.
    func extraBytes<R: SimReal>(_ type: R.Type) -> Double {
        let n = program.qubitCount
        let localCount = n - world.size.trailingZeroBitCount
        let flips = request.observables.contains { DistributedStateVector<R>.flipsGlobalQubits($0.1, localCount: localCount) }
        var bytes = flips ? 2 * DistributedStateVector<R>.localBytes(qubits: n, ranks: world.size) : 0
        if request.probabilities { bytes += 8 * pow(2.0, Double(request.marginal?.count ?? n)) }
        if verify && world.isRoot { bytes += Double(2 * MemoryLayout<R>.size) * pow(2.0, Double(n)) }
        return bytes
    }

    /// Counts keyed by the program's classical bits (by all qubits when it measures none).
    func keyed(_ counts: [Int: Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (index, count) in counts {
            guard !measured.isEmpty else {
                out[SimulationReport.bits(index, program.qubitCount), default: 0] += count
                continue
            }
            var value = 0
            for (qubit, bit) in measured where (index >> qubit) & 1 == 1 { value |= 1 << bit }
            out[SimulationReport.bits(value, program.bitCount), default: 0] += count
        }
        return out
    }

    /// Rank 0 simulates the whole state in this process and compares.
    func fidelity<R: SimReal>(_ state: DistributedStateVector<R>, _ type: R.Type) throws -> Double {
        var reference: StateVector<R>?
        if world.isRoot {
            var whole = try StateVector<R>(qubits: program.qubitCount)
            QuantumProgram(circuit).run(&whole, inputs: request.inputs, policy: request.policy)
            reference = whole
        }
        return state.fidelity(with: reference)
    }

    /// The same for `--json`.
    func jsonSummary<R: SimReal>(_ state: DistributedStateVector<R>, seconds: Double,
                                 fidelity: Double?) -> SimulationReport.DistributedSummary {
        let t = state.timings
        return SimulationReport.DistributedSummary(
            ranks: world.size, localQubits: state.layout.localCount,
            bytesPerRank: DistributedStateVector<R>.perRankBytes(qubits: program.qubitCount, ranks: world.size),
            gates: t.gates, globalGates: t.globalGates, conditionedGates: t.conditionedGates, swaps: t.swaps, seconds: seconds,
            secondsPerLocalGate: t.secondsPerLocalGate, secondsPerGlobalGate: t.secondsPerGlobalGate,
            communicationSeconds: world.seconds, bytesSent: world.bytesSent, fidelity: fidelity)
    }

    /// The distribution, memory, gate times and communication of the run.
    func summary<R: SimReal>(_ state: DistributedStateVector<R>, seconds: Double, fidelity: Double?) -> String {
        let t = state.timings
        let local = state.layout.localCount
        let bytes = DistributedStateVector<R>.perRankBytes(qubits: program.qubitCount, ranks: world.size)
        var lines = [
            "distributed over \(world.size) rank\(world.size == 1 ? "" : "s"): \(local) local + "
                + "\(program.qubitCount - local) global qubits, \(MemoryBudget.describe(bytes)) per rank "
                + "(state and exchange buffers)",
            String(format: "%d gates in %.3f s: %d on local qubits, %d on global ones without exchange (controls, diagonals), "
                + "%d with targets on global ones (%d swaps of half a rank's amplitudes); %.3g ms per local gate, "
                + "%.3g ms per global-target gate", t.gates, seconds, t.gates - t.globalGates - t.conditionedGates,
                t.conditionedGates, t.globalGates, t.swaps, 1000 * t.secondsPerLocalGate, 1000 * t.secondsPerGlobalGate),
            String(format: "communication on rank 0: %.3f s, %@ sent", world.seconds,
                   MemoryBudget.describe(Double(world.bytesSent))),
        ]
        if let fidelity {
            lines.append(String(format: "fidelity with the one-process state: %.15f (|1 − F| = %.2g)", fidelity, abs(1 - fidelity)))
        }
        return lines.joined(separator: "\n")
    }
}
