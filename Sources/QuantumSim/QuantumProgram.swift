/// Options for compiling a circuit.
public struct CompileOptions: Sendable, Hashable {
    /// Largest qubit count of a fused block (0 or 1 without controls = gate by gate; 1 fuses
    /// runs of one-qubit gates; 2 also absorbs CNOTs and their neighbours).
    public var maxFusedQubits: Int
    /// Whether gates with weight/input parameters are fused too (their block matrices are then
    /// formed per sample at bind time).
    public var fuseParametric: Bool

    /// Defaults chosen by measurement (see the benchmarks): 2-qubit blocks.
    public init(maxFusedQubits: Int = 2, fuseParametric: Bool = true) {
        self.maxFusedQubits = maxFusedQubits
        self.fuseParametric = fuseParametric
    }
    /// No fusion: one kernel call per operation.
    public static let gateByGate = CompileOptions(maxFusedQubits: 0, fuseParametric: false)
}

/// A fused block: instructions that act together on at most `maxFusedQubits` qubits.
struct Block: Sendable {
    /// Instruction indices into the circuit, in application order.
    var ops: [Int]
    /// The block's qubit space (sorted descending: space[0] = most significant local bit).
    var space: [Int]
    /// Block matrix when all its instructions are constant.
    var constant: BoundGate?
    /// Whether any operation has non-constant parameters.
    var isParametric: Bool
}

/// A circuit compiled once for repeated execution: fused blocks with kernels chosen by matrix
/// structure; constant blocks are multiplied out at compile time. Parameters bind per run, so
/// one program serves a whole batch.
public struct QuantumProgram: Sendable {
    /// The source circuit.
    public let circuit: Circuit
    /// Options used.
    public let options: CompileOptions
    let blocks: [Block]

    /// Number of qubits.
    public var qubitCount: Int { circuit.qubitCount }
    /// Number of trainable weights the circuit reads.
    public var weightCount: Int { circuit.weightCount }
    /// Number of input features the circuit reads.
    public var inputCount: Int { circuit.inputCount }
    /// Number of kernel calls per run (after fusion).
    public var blockCount: Int { blocks.count }

    /// Compiles `circuit`: greedy fusion (an operation joins the latest block touching any of its
    /// qubits when the union stays within `maxFusedQubits`), then constant folding.
    /// O(ops · k + Σ blocks 8ᵏ).
    public init(_ circuit: Circuit, options: CompileOptions = CompileOptions()) {
        self.circuit = circuit
        self.options = options
        var blocks: [Block] = []
        var last = [Int](repeating: -1, count: circuit.qubitCount)
        for (idx, op) in circuit.instructions.enumerated() {
            let qs = op.qubits
            let parametric = !op.parameters.allSatisfy(\.isConstant)
            let b = qs.map { last[$0] }.max() ?? (blocks.count - 1)
            if b >= 0, options.maxFusedQubits >= 1, !(parametric && !options.fuseParametric),
               !(blocks[b].isParametric && !options.fuseParametric) {
                let union = Set(blocks[b].space).union(qs)
                // A gate without qubits (global phase) always fuses into the previous block.
                if union.count <= options.maxFusedQubits && !(blocks[b].space.isEmpty && !qs.isEmpty && union.count > options.maxFusedQubits) {
                    blocks[b].ops.append(idx)
                    blocks[b].space = union.sorted(by: >)
                    blocks[b].isParametric = blocks[b].isParametric || parametric
                    for q in qs { last[q] = b }
                    continue
                }
            }
            blocks.append(Block(ops: [idx], space: qs.sorted(by: >), constant: nil, isParametric: parametric))
            for q in qs { last[q] = blocks.count - 1 }
        }
        for i in blocks.indices where !blocks[i].isParametric {
            blocks[i].constant = Self.blockGate(blocks[i], circuit: circuit, values: { $0.parameters.map(\.offset) }).gate
        }
        self.blocks = blocks
    }

    /// Derivative of a block's matrix with respect to one operation parameter.
    struct BlockDerivative {
        var source: ParameterSource
        var scale: Double
        var matrix: [Complex]   // in the block gate's target space, zero outside controls
    }

    /// Forms a block's gate (and, if asked, its parameter derivatives) at bound values.
    static func blockGate(_ block: Block, circuit: Circuit, values: (Instruction) -> [Double],
                          derivatives: Bool = false) -> (gate: BoundGate, derivs: [BlockDerivative]) {
        let ops = block.ops.map { circuit.instructions[$0] }
        if ops.count == 1 {
            let op = ops[0], v = values(op)
            var derivs: [BlockDerivative] = []
            if derivatives {
                for (j, p) in op.parameters.enumerated() where !p.isConstant {
                    derivs.append(BlockDerivative(source: p.source, scale: p.scale, matrix: op.targetDerivative(v, index: j)))
                }
            }
            if op.targets.isEmpty && !op.controls.isEmpty {
                // Controlled global phase = a phase on the all-ones state of the controls.
                let space = op.controls.sorted(by: >), d = 1 << space.count
                var m = Embedding.identity(d)
                m[d * d - 1] = op.targetMatrix(v)[0]
                derivs = derivs.map { var x = $0; var z = [Complex](repeating: .zero, count: d * d); z[d * d - 1] = x.matrix[0]; x.matrix = z; return x }
                return (BoundGate(targets: space, matrix: m), derivs)
            }
            return (BoundGate(targets: op.targets, controls: op.controls, matrix: op.targetMatrix(v)), derivs)
        }
        let space = block.space, d = 1 << space.count
        let lifted: [[Complex]] = ops.map { op in
            Embedding.lift(op.targetMatrix(values(op)), targets: op.targets, controls: op.controls, into: space)
        }
        var u = lifted[0]
        for m in lifted.dropFirst() { u = Embedding.multiply(m, u, d) }
        var derivs: [BlockDerivative] = []
        if derivatives {
            // ∂U/∂p_j = (U_m…U_{j+1}) ∂U_j (U_{j−1}…U_1): prefix and suffix products.
            var prefix = [Embedding.identity(d)]
            for m in lifted { prefix.append(Embedding.multiply(m, prefix.last!, d)) }
            var suffix = Embedding.identity(d)
            var out: [BlockDerivative] = []
            for j in stride(from: ops.count - 1, through: 0, by: -1) {
                let op = ops[j], v = values(op)
                for (pi, p) in op.parameters.enumerated() where !p.isConstant {
                    let dm = Embedding.lift(op.targetDerivative(v, index: pi), targets: op.targets, controls: op.controls,
                                            into: space, zeroOutsideControls: true)
                    let full = Embedding.multiply(suffix, Embedding.multiply(dm, prefix[j], d), d)
                    out.append(BlockDerivative(source: p.source, scale: p.scale, matrix: full))
                }
                suffix = Embedding.multiply(suffix, lifted[j], d)
            }
            derivs = out
        }
        return (BoundGate(targets: space, matrix: u), derivs)
    }

    /// The bound gates of one run, in order. `weights.count ≥ weightCount`, `inputs.count ≥ inputCount`.
    public func boundGates(weights: [Double], inputs: [Double]) -> [BoundGate] {
        precondition(weights.count >= weightCount, "circuit needs \(weightCount) weights, got \(weights.count)")
        precondition(inputs.count >= inputCount, "circuit needs \(inputCount) inputs, got \(inputs.count)")
        return weights.withUnsafeBufferPointer { w in inputs.withUnsafeBufferPointer { x in
            blocks.map { b in
                b.constant ?? Self.blockGate(b, circuit: circuit, values: { op in op.parameters.map { $0.value(weights: w, inputs: x) } }).gate
            }
        } }
    }

    /// Bound gates plus, per gate, the derivatives with respect to its parameters.
    func boundGatesWithDerivatives(weights: [Double], inputs: [Double]) -> [(gate: BoundGate, derivs: [BlockDerivative])] {
        precondition(weights.count >= weightCount, "circuit needs \(weightCount) weights, got \(weights.count)")
        precondition(inputs.count >= inputCount, "circuit needs \(inputCount) inputs, got \(inputs.count)")
        return weights.withUnsafeBufferPointer { w in inputs.withUnsafeBufferPointer { x in
            blocks.map { b in
                if let c = b.constant { return (c, []) }
                return Self.blockGate(b, circuit: circuit, values: { op in op.parameters.map { $0.value(weights: w, inputs: x) } },
                                      derivatives: true)
            }
        } }
    }

    /// Runs the program on `state` (in place).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func run<R: SimReal>(_ state: inout StateVector<R>, weights: [Double] = [], inputs: [Double] = [],
                                policy: ExecutionPolicy = .serial) {
        precondition(state.qubitCount == qubitCount, "program for \(qubitCount) qubits run on a \(state.qubitCount)-qubit state")
        let gates = boundGates(weights: weights, inputs: inputs)
        let threads = policy.threads(forQubits: qubitCount)
        let n = qubitCount
        state.withUnsafeMutableReals { buf in
            for g in gates { g.apply(to: buf.baseAddress!, qubits: n, threads: threads) }
        }
    }

    /// |0…0⟩ evolved by the program.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func state<R: SimReal>(_ type: R.Type = Double.self, weights: [Double] = [], inputs: [Double] = [],
                                  policy: ExecutionPolicy = .serial) throws -> StateVector<R> {
        var s = try StateVector<R>(qubits: qubitCount)
        run(&s, weights: weights, inputs: inputs, policy: policy)
        return s
    }
}

/// How kernels use threads.
public struct ExecutionPolicy: Sendable, Hashable {
    /// Threads for one state's kernels (1 = serial).
    public var threads: Int
    /// States with fewer qubits than this run serially even when `threads > 1` (the measured
    /// point where splitting a kernel pays for the thread wake-up).
    public var parallelThreshold: Int

    /// A policy; `parallelThreshold` default from measurement.
    public init(threads: Int, parallelThreshold: Int = 14) {
        precondition(threads >= 1, "threads must be ≥ 1")
        self.threads = threads
        self.parallelThreshold = parallelThreshold
    }
    /// One thread.
    public static let serial = ExecutionPolicy(threads: 1)
    /// `threads` threads above the threshold.
    public static func parallel(threads: Int, threshold: Int = 14) -> ExecutionPolicy {
        ExecutionPolicy(threads: threads, parallelThreshold: threshold)
    }
    /// Threads to use on an n-qubit state.
    public func threads(forQubits n: Int) -> Int { n >= parallelThreshold ? threads : 1 }
}
