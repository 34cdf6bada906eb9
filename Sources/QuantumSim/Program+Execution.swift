import Tensor

/// The result of one run (one shot) of a program.
public struct ProgramRun<R: SimReal> {
    /// The final state.
    public var state: StateVector<R>
    /// Classical bits (index = bit number of the program).
    public var bits: [Bool]
}

/// Runs a `CircuitProgram`: consecutive gates compiled into `QuantumProgram`s, with
/// measurements, resets and conditional operations between them done on the state vector.
public struct ProgramExecutor: Sendable {
    enum Step: Sendable {
        case unitary(QuantumProgram)
        case measure(qubit: Int, bit: Int?)
        case reset(qubit: Int)
        case conditional(ClassicalCondition, ProgramOperation)
    }

    /// The program.
    public let program: CircuitProgram
    /// Compile options for the unitary segments.
    public let options: CompileOptions
    /// Index of the first operation that is not a gate or barrier (the shared prefix ends there).
    let prefixEnd: Int

    /// An executor for `program`; segments are compiled per run, with the inputs bound.
    public init(_ program: CircuitProgram, options: CompileOptions = CompileOptions()) {
        self.program = program
        self.options = options
        prefixEnd = program.operations.firstIndex {
            switch $0 { case .gate, .barrier: return false; default: return true }
        } ?? program.operations.count
    }

    /// The steps with inputs bound to constants: inputs are known at run time, so every segment
    /// compiles with constant folding (one matrix per fused block, no per-run parameter binding).
    func steps(inputs: [Double]) -> (prefix: [Step], rest: [Step]) {
        func bind(_ g: Instruction) -> Instruction {
            var b = g
            b.parameters = inputs.withUnsafeBufferPointer { x in
                [Double]().withUnsafeBufferPointer { w in g.parameters.map { .constant($0.value(weights: w, inputs: x)) } }
            }
            return b
        }
        func compile(_ ops: ArraySlice<ProgramOperation>) -> [Step] {
            var steps: [Step] = []
            var segment = Circuit(qubits: program.qubitCount)
            func flush() {
                if !segment.instructions.isEmpty { steps.append(.unitary(QuantumProgram(segment, options: options))) }
                segment = Circuit(qubits: program.qubitCount)
            }
            for op in ops {
                switch op {
                case let .gate(g): segment.append(bind(g))
                case .barrier: break
                case let .measure(q, b): flush(); steps.append(.measure(qubit: q, bit: b))
                case let .reset(q): flush(); steps.append(.reset(qubit: q))
                case let .conditional(c, inner): flush(); steps.append(.conditional(c, inner))
                }
            }
            flush()
            return steps
        }
        return (compile(program.operations[..<prefixEnd]), compile(program.operations[prefixEnd...]))
    }

    /// Whether measurements only come at the end (after the last gate, with no reset or
    /// condition), so shots can be sampled from one final state.
    var measuresOnlyAtEnd: Bool {
        program.operations[prefixEnd...].allSatisfy {
            switch $0 { case .measure, .barrier: return true; default: return false }
        }
    }

    func checkInputs(_ inputs: [Double]) throws {
        let need = program.inputCount
        guard inputs.count >= need else {
            throw QuantumSimError.parameterCountMismatch(kind: "input", needed: need, given: inputs.count)
        }
    }

    /// The state after the unitary prefix (before the first measurement, reset or condition).
    func prefixState<R: SimReal>(_ type: R.Type, _ prefix: [Step], policy: ExecutionPolicy) throws -> StateVector<R> {
        var state = try StateVector<R>(qubits: program.qubitCount)
        for case let .unitary(p) in prefix { p.run(&state, policy: policy) }
        return state
    }

    /// Runs the steps after the prefix on `state` with `rng` for the measurement outcomes.
    func finish<R: SimReal>(_ state: inout StateVector<R>, _ steps: [Step], bits: inout [Bool], inputs: [Double],
                            rng: inout RandomGenerator, policy: ExecutionPolicy) {
        func perform(_ op: ProgramOperation) {
            switch op {
            case let .gate(g):
                Self.apply(g, to: &state, inputs: inputs, policy: policy)
            case let .measure(q, b):
                let outcome = state.measure(qubit: q, uniform: rng.nextUnit())
                if let b { bits[b] = outcome == 1 }
            case let .reset(q):
                state.reset(qubit: q, uniform: rng.nextUnit())
            case .barrier:
                break
            case let .conditional(c, inner):
                if c.holds(bits) { perform(inner) }
            }
        }
        for step in steps {
            switch step {
            case let .unitary(p): p.run(&state, policy: policy)
            case let .measure(q, b): perform(.measure(qubit: q, bit: b))
            case let .reset(q): perform(.reset(qubit: q))
            case let .conditional(c, op): perform(.conditional(c, op))
            }
        }
    }

    /// One run from |0…0⟩: the final state and classical bits. Measurement outcomes are drawn
    /// from `RandomGenerator(seed:)`, so the same seed gives the same run.
    /// Throws when inputs are missing or the state does not fit in memory.
    public func run<R: SimReal>(_ type: R.Type = Double.self, inputs: [Double] = [], seed: UInt64 = 0,
                                policy: ExecutionPolicy = .serial) throws -> ProgramRun<R> {
        try checkInputs(inputs)
        let (prefix, rest) = steps(inputs: inputs)
        var state = try prefixState(type, prefix, policy: policy)
        var bits = [Bool](repeating: false, count: program.bitCount)
        var rng = RandomGenerator(seed: seed)
        finish(&state, rest, bits: &bits, inputs: inputs, rng: &rng, policy: policy)
        return ProgramRun(state: state, bits: bits)
    }

    /// Counts of outcomes over `shots` runs, keyed by bitstrings with the highest index
    /// leftmost (bit 0 rightmost, as Qiskit prints counts). With measurements the strings are
    /// the program's classical bits; without, every qubit is measured at the end.
    ///
    /// When all measurements come after the last gate, one state is simulated and sampled;
    /// otherwise shots branch at mid-circuit measurements (`ShotBrancher`: each outcome history
    /// simulated once), or, when its states do not fit, each shot reruns the part after the
    /// unitary prefix. Deterministic given the seed.
    public func counts<R: SimReal>(_ type: R.Type = Double.self, shots: Int, inputs: [Double] = [], seed: UInt64 = 0,
                                   policy: ExecutionPolicy = .serial) throws -> [String: Int] {
        guard shots >= 0 else { throw QuantumSimError.invalidArgument("shots must be ≥ 0, got \(shots)") }
        try checkInputs(inputs)
        let (prefixSteps, rest) = steps(inputs: inputs)
        let prefix = try prefixState(type, prefixSteps, policy: policy)
        var counts: [String: Int] = [:]
        let key = Self.key
        if !program.hasMeasurements {
            let n = program.qubitCount
            for (outcome, count) in prefix.counts(shots: shots, seed: seed) {
                counts[key((0..<n).map { (outcome >> $0) & 1 == 1 }), default: 0] += count
            }
            return counts
        }
        if measuresOnlyAtEnd {
            var assignments: [(qubit: Int, bit: Int)] = []
            for case let .measure(q, b?) in program.operations[prefixEnd...] { assignments.append((q, b)) }
            let bits = [Bool](repeating: false, count: program.bitCount)
            Self.tally(prefix, measuring: assignments, bits: bits, shots: shots, seed: seed, into: &counts)
            return counts
        }
        guard !branchingFits(R.self) else {
            var brancher = ShotBrancher<R>(inputs: inputs, policy: policy, rng: RandomGenerator(seed: seed))
            var state = prefix
            brancher.run(&state, rest, from: 0, bits: [Bool](repeating: false, count: program.bitCount), shots: shots)
            return brancher.counts
        }
        return shotByShot(prefix, rest, shots: shots, inputs: inputs, seed: seed, policy: policy)
    }

    /// Every shot run on its own from the prefix state (when branching's states do not fit).
    func shotByShot<R: SimReal>(_ prefix: StateVector<R>, _ rest: [Step], shots: Int, inputs: [Double], seed: UInt64,
                                policy: ExecutionPolicy) -> [String: Int] {
        var counts: [String: Int] = [:]
        var rng = RandomGenerator(seed: seed)
        for _ in 0..<shots {
            var state = prefix
            var bits = [Bool](repeating: false, count: program.bitCount)
            finish(&state, rest, bits: &bits, inputs: inputs, rng: &rng, policy: policy)
            counts[Self.key(bits), default: 0] += 1
        }
        return counts
    }

    /// Bitstring of classical bits, bit 0 rightmost.
    static func key(_ bits: [Bool]) -> String { String(bits.reversed().map { $0 ? "1" : "0" }) }

    /// Adds to `counts` the outcomes of `shots` final measurements (qubit → bit) sampled jointly
    /// from `state`, over the classical `bits` so far; later writes to a bit win.
    static func tally<R: SimReal>(_ state: StateVector<R>, measuring assignments: [(qubit: Int, bit: Int)], bits: [Bool],
                                  shots: Int, seed: UInt64, into counts: inout [String: Int]) {
        let qubits = Array(Set(assignments.map(\.qubit))).sorted()
        let position = Dictionary(uniqueKeysWithValues: qubits.enumerated().map { ($1, $0) })
        for (outcome, count) in state.counts(shots: shots, qubits: qubits, seed: seed) {
            var out = bits
            for (q, b) in assignments { out[b] = (outcome >> (qubits.count - 1 - position[q]!)) & 1 == 1 }
            counts[key(out), default: 0] += count
        }
    }

    /// Applies gate `g` with its parameters bound to `inputs` (a step after the unitary prefix).
    static func apply<R: SimReal>(_ g: Instruction, to state: inout StateVector<R>, inputs: [Double], policy: ExecutionPolicy) {
        let values = inputs.withUnsafeBufferPointer { x in
            [Double]().withUnsafeBufferPointer { w in g.parameters.map { $0.value(weights: w, inputs: x) } }
        }
        state.apply(g, values: values, threads: policy.threads(forQubits: state.qubitCount))
    }
}
