import Foundation
import Quanta

/// `quanta simulate FILE.qasm`: runs an OpenQASM 2/3 program on the state-vector simulator and
/// prints its state, probabilities, expectation values, sampled counts or diagram.
struct SimulateCommand: Command {
    let name = "simulate"
    let summary = "run an OpenQASM 2/3 file: statevector, probabilities, <PauliSum>, shot counts, diagram"
    let usage = ["simulate FILE.qasm [--statevector] [--probabilities [--qubits 0,2]] [--expect PAULISUM]... [--shots N] [options]",
                 "simulate FILE.qasm --noise MODEL.json [--probabilities] [--expect PAULISUM]... [--shots N] [--trajectories K]"]
    let discussion = """
        Reads an OpenQASM 2.0 or 3 program (FILE "-" reads stdin) and simulates it from |0…0⟩.
        With no output option it prints the statevector.
        """
    let sections = [
        OptionSection("Options", [
            Option.flag("statevector", "the final amplitudes"),
            Option.flag("probabilities", "the probabilities of all basis states, or with --qubits the marginal of those qubits"),
            Option("qubits", "LIST", "comma-separated qubit indices for --probabilities (e.g. 0,2)"),
            Option("expect", "PAULISUM", "⟨ψ|H|ψ⟩ for a Pauli sum like \"0.5*Z0 Z1 - X2\" (repeatable)", repeatable: true),
            Option("shots", "N", "sample N shots and print counts of bitstrings", .int(0...100_000_000)),
            Option("precision", "P", "single (complex64) or double (complex128)", .choice(["single", "double"]), default: "double"),
            Option("param", "NAME=VALUE", "value of an OpenQASM 3 `input float[64] NAME;` (repeatable)", repeatable: true),
            Option.flag("draw", "print a text diagram of the circuit"),
            Option("noise", "MODEL.json", "channels after gates (see below): probabilities and <H> exact from the density matrix"),
            Option("trajectories", "K", "with --noise: average K sampled state vectors instead of the density matrix",
                   .int(2...10_000_000)),
        ]),
        OptionSection("Distributed", DistributedRun.options + [
            Option.flag("verify", "with --distributed: rank 0 also simulates the whole state alone and prints the fidelity"),
        ], note: """
            mpirun -np 2^k quanta simulate FILE --distributed: rank r holds the amplitudes whose top k index bits
            are r; a gate on one of those k qubits first swaps it with a local qubit (half of each rank's
            amplitudes cross). --probabilities (whole table up to 24 qubits, else with --qubits), --expect and
            --shots are reduced over the ranks; --statevector and --noise are one-process outputs.
            """),
        CommonOptions.section([CommonOptions.seed, CommonOptions.threads, CommonOptions.json]),
    ]
    let epilogue = """
        --seed draws the shots and mid-circuit measurement outcomes; --threads split the kernels of
        states of 14 qubits or more; with --json the JSON object is all stdout holds.

        Conventions (Qiskit's):
          Qubits are numbered in register declaration order; bit k of an amplitude index is
          qubit k (qubit 0 least significant). JSON amplitudes are [re, im] pairs in index
          order. Bitstrings are written with qubit 0 rightmost; counts of a program that
          measures are keyed by its classical bits, with bit 0 rightmost (without
          measurements, every qubit is measured at the end). With --qubits, entry i of the
          probabilities has bit k equal to the k-th listed qubit (so that qubit is rightmost).
          A program with mid-circuit measurement or reset gives, for --statevector,
          --probabilities and --expect, the state of one run drawn with --seed.

        Errors in the file are reported as FILE:LINE:COL: error: MESSAGE (exit status 1).

        Noise (--noise MODEL.json), as Qiskit Aer's add_all_qubit_quantum_error:
          {"default": [CHANNEL…], "gates": {"cx": [CHANNEL…], "rx": […]},
           "local": [{"gate": "cx", "qubits": [0, 1], "channels": [CHANNEL…]}],
           "readout": {"p1given0": p, "p0given1": p}}
          CHANNEL: {"channel": "depolarizing", "p": p}, {"channel": "amplitude_damping", "gamma": g},
          {"channel": "phase_damping", "lambda": l}, {"channel": "bit_flip", "p": p},
          {"channel": "phase_flip", "p": p}, {"channel": "thermal_relaxation", "t1": T1, "t2": T2, "time": t}.
          A gate's entry (OpenQASM name, one c per control: cx, ccx, crz) replaces "default", and
          a "local" entry replaces both for that gate on exactly those qubits (add_quantum_error);
          depolarizing after a 2-qubit gate is the 2-qubit channel, other channels act on each
          of its qubits. Readout error applies to shot counts. Measurements must come last.

        Example:
          $ quanta simulate bell.qasm --probabilities --draw
          q[0]: ──H──●──
                     │
          q[1]: ─────X──
          probabilities (qubit 0 rightmost):
            00  0.500000000000
            01  0.000000000000
            10  0.000000000000
            11  0.500000000000
          $ quanta simulate bell.qasm --shots 1000 --seed 1 --json
          {"clbits":0,"counts":{"00":493,"11":507},"precision":"complex128","qubits":2,"seed":1,"shots":1000}
        """

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals(["FILE.qasm"])
        let file = args.positionals[0]
        let precision = try args.choice("precision")
        let seed = try args.seed()
        let policy = ExecutionPolicy.parallel(threads: try args.int("threads"))
        let shots = try args.intIfGiven("shots")
        if args.string("qubits") != nil && !args.flag("probabilities") { throw UsageError("--qubits needs --probabilities") }

        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                io.err("error: cannot read '\(file)': \(Self.readProblem(file))")
                return 1
            }
            data = contents
        }
        let program: CircuitProgram
        do {
            program = try OpenQASM.parse(try OpenQASM.decode(data))
        } catch let e as QASMError {
            io.err(e.formatted(file: file == "-" ? "<stdin>" : file))
            return 1
        }
        let inputs = try Self.inputs(args.strings("param"), names: program.inputNames)
        let observables = try args.strings("expect").map { text -> (String, PauliSum) in
            do {
                let h = try PauliSum(text)
                if h.maxQubit >= program.qubitCount {
                    throw UsageError("--expect '\(text)' uses qubit \(h.maxQubit) but the program has \(program.qubitCount) qubits")
                }
                return (text, h)
            } catch let e as QuantumSimError { throw UsageError("--expect: \(e)") }
        }
        let marginal = try args.string("qubits").map { try Self.qubitList($0, count: program.qubitCount) }

        var request = SimulationRequest(
            statevector: args.flag("statevector"), probabilities: args.flag("probabilities"), marginal: marginal,
            observables: observables, shots: shots, inputs: inputs, seed: seed, policy: policy)
        if !request.probabilities && observables.isEmpty && shots == nil && !args.flag("draw") { request.statevector = true }
        var report = SimulationReport(program: program, precision: precision, json: args.flag("json"))
        if args.flag("draw") { report.diagram = CircuitDrawer.draw(program) }
        if let model = args.url("noise") {
            return try runNoisy(model, program, request, report, file: file, args: args, io: io)
        }
        if args.given("trajectories") { throw UsageError("--trajectories needs --noise") }
        if let collective = try DistributedRun.collective(args) {
            if let world = collective as? Communicator {
                return try runDistributed(program, request, report, world: world, file: file, args: args, io: io)
            }
            io.err("--distributed: 1 rank (not started by mpirun); simulating in this process")
        } else if args.flag("verify") {
            throw UsageError("--verify needs --distributed")
        }
        if precision == "single" {
            try request.simulate(Float.self, program, file: file, into: report, io: io)
        } else {
            try request.simulate(Double.self, program, file: file, into: report, io: io)
        }
        return 0
    }

    /// The --distributed path under mpirun.
    func runDistributed(_ program: CircuitProgram, _ request: SimulationRequest, _ report: SimulationReport,
                        world: Communicator, file: String, args: Arguments, io: Console) throws -> Int32 {
        if args.flag("statevector") {
            throw UsageError("--statevector is not gathered from the ranks; use --probabilities, --expect or --shots")
        }
        if args.given("noise") { throw UsageError("--noise runs in one process (the density matrix is not distributed)") }
        var request = request
        request.statevector = false
        if request.probabilities && request.marginal == nil && program.qubitCount > 24 {
            throw UsageError("--probabilities of all \(program.qubitCount) qubits is a table of 2^\(program.qubitCount) "
                + "entries; choose some with --qubits")
        }
        let simulation = try DistributedSimulation(program: program, request: request, world: world, verify: args.flag("verify"))
        if try args.choice("precision") == "single" {
            try simulation.simulate(Float.self, file: file, into: report, io: io)
        } else {
            try simulation.simulate(Double.self, file: file, into: report, io: io)
        }
        return 0
    }

    /// The --noise path: the density matrix, or trajectories.
    func runNoisy(_ model: URL, _ program: CircuitProgram, _ request: SimulationRequest, _ report: SimulationReport, file: String,
                  args: Arguments, io: Console) throws -> Int32 {
        if args.flag("statevector") { throw UsageError("--statevector has no meaning with --noise (the state is mixed); use --probabilities or --expect") }
        var request = request
        request.statevector = false
        if !request.probabilities && request.observables.isEmpty && request.shots == nil { request.probabilities = true }
        let noisy = try NoisySimulation(model: model, program: program, file: file)
        let trajectories = try args.intIfGiven("trajectories")
        if try args.choice("precision") == "single" {
            try noisy.simulate(Float.self, request, trajectories: trajectories, file: file, into: report, io: io)
        } else {
            try noisy.simulate(Double.self, request, trajectories: trajectories, file: file, into: report, io: io)
        }
        return 0
    }

    /// Why `path` cannot be read: missing, a folder, or not readable.
    static func readProblem(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        return isFolder.boolValue ? "it is a folder" : "permission denied"
    }

    /// Input values in the program's order from `NAME=VALUE` options.
    static func inputs(_ options: [String], names: [String]) throws -> [Double] {
        var values = [Double?](repeating: nil, count: names.count)
        for option in options {
            guard let eq = option.firstIndex(of: "=") else { throw UsageError("--param needs NAME=VALUE, got '\(option)'") }
            let name = String(option[..<eq]), text = String(option[option.index(after: eq)...])
            guard let i = names.firstIndex(of: name) else {
                throw UsageError("--param: the program has no input '\(name)'" + (names.isEmpty ? "" : " (its inputs: \(names.joined(separator: ", ")))"))
            }
            guard let v = Double(text), v.isFinite else { throw UsageError("--param \(name): '\(text)' is not a number") }
            values[i] = v
        }
        let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw UsageError("the program needs --param for input\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
        return values.map { $0! }
    }

    static func qubitList(_ text: String, count: Int) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [Int] = []
        for p in parts {
            guard let q = Int(p), q >= 0, q < count else {
                throw UsageError("--qubits: '\(p)' is not a qubit index in 0..<\(count)")
            }
            guard !out.contains(q) else { throw UsageError("--qubits: qubit \(q) is listed twice") }
            out.append(q)
        }
        return out
    }
}
