import Tensor

/// Shot branching for programs that measure, reset or branch mid-circuit: each distinct
/// history of outcomes is simulated once and carries the number of shots that reached it.
/// At a measurement of a branch with n shots, the number that read 1 is drawn from
/// Binomial(n, P(1)); when both outcomes occur, the ones continue on a copy. Once only
/// measurements are left, a branch's shots are sampled jointly from its state. The counts
/// follow the same distribution as running every shot on its own (Qiskit Aer's shot branching).
/// Memory: one state per branching level in progress (depth-first).
struct ShotBrancher<R: SimReal> {
    let inputs: [Double]
    let policy: ExecutionPolicy
    var rng: RandomGenerator
    var counts: [String: Int] = [:]

    /// Runs `steps` from index `start` on `state` for `shots` shots with classical `bits`.
    mutating func run(_ state: inout StateVector<R>, _ steps: [ProgramExecutor.Step], from start: Int, bits: [Bool], shots: Int) {
        guard shots > 0 else { return }
        var bits = bits
        var shots = shots
        for i in start..<steps.count {
            if Self.onlyMeasurements(steps[i...]) {
                sampleTail(state, steps[i...], bits: bits, shots: shots)
                return
            }
            switch steps[i] {
            case let .unitary(p): p.run(&state, policy: policy)
            case let .measure(q, b): shots = perform(.measure(qubit: q, bit: b), &state, steps, next: i + 1, bits: &bits, shots: shots)
            case let .reset(q): shots = perform(.reset(qubit: q), &state, steps, next: i + 1, bits: &bits, shots: shots)
            case let .conditional(c, op): shots = perform(.conditional(c, op), &state, steps, next: i + 1, bits: &bits, shots: shots)
            }
            // every shot went down a branch that was run to the end
            if shots == 0 { return }
        }
        counts[ProgramExecutor.key(bits), default: 0] += shots
    }

    /// One operation for `shots` shots; returns the shots that continue here (the others ran
    /// to the end on a copy, from step `next`).
    mutating func perform(_ op: ProgramOperation, _ state: inout StateVector<R>, _ steps: [ProgramExecutor.Step], next: Int,
                          bits: inout [Bool], shots: Int) -> Int {
        switch op {
        case let .gate(g):
            ProgramExecutor.apply(g, to: &state, inputs: inputs, policy: policy)
            return shots
        case let .measure(q, b):
            return split(&state, qubit: q, bit: b, flip: false, steps, next: next, bits: &bits, shots: shots)
        case let .reset(q):
            return split(&state, qubit: q, bit: nil, flip: true, steps, next: next, bits: &bits, shots: shots)
        case .barrier:
            return shots
        case let .conditional(c, inner):
            return c.holds(bits) ? perform(inner, &state, steps, next: next, bits: &bits, shots: shots) : shots
        }
    }

    /// Measures (or resets) `qubit` for `shots` shots. The shots that read 1 run the rest of
    /// the program on a copy (in place when they are all the shots); the state collapses to 0
    /// for the others, whose number is returned.
    mutating func split(_ state: inout StateVector<R>, qubit: Int, bit: Int?, flip: Bool, _ steps: [ProgramExecutor.Step],
                        next: Int, bits: inout [Bool], shots: Int) -> Int {
        let p1 = state.probabilityOfOne(qubit: qubit)
        let ones = binomial(shots, p1)
        if ones > 0 {
            var oneBits = bits
            if let bit { oneBits[bit] = true }
            if ones == shots {
                state.collapse(qubit: qubit, to: 1, probability: p1)
                if flip { state.flip(qubit: qubit) }
                run(&state, steps, from: next, bits: oneBits, shots: ones)
                return 0
            }
            var one = state
            one.collapse(qubit: qubit, to: 1, probability: p1)
            if flip { one.flip(qubit: qubit) }
            run(&one, steps, from: next, bits: oneBits, shots: ones)
        }
        state.collapse(qubit: qubit, to: 0, probability: 1 - p1)
        if let bit { bits[bit] = false }
        return shots - ones
    }

    /// Whether only measurements into bits are left (nothing reads their outcomes).
    static func onlyMeasurements(_ steps: ArraySlice<ProgramExecutor.Step>) -> Bool {
        steps.allSatisfy { step in
            if case .measure(_, .some) = step { return true }
            return false
        }
    }

    /// The tail's measurements sampled jointly for `shots` shots.
    mutating func sampleTail(_ state: StateVector<R>, _ steps: ArraySlice<ProgramExecutor.Step>, bits: [Bool], shots: Int) {
        var assignments: [(qubit: Int, bit: Int)] = []
        for case let .measure(q, b?) in steps { assignments.append((q, b)) }
        ProgramExecutor.tally(state, measuring: assignments, bits: bits, shots: shots, seed: rng.next(), into: &counts)
    }

    /// A draw from Binomial(n, p): n uniforms compared with p (n is a shot count).
    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if p <= 0 { return 0 }
        if p >= 1 { return n }
        var k = 0
        for _ in 0..<n where rng.nextUnit() < p { k += 1 }
        return k
    }
}
