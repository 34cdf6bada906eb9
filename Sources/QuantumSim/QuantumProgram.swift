/// Options for compiling a circuit.
public struct CompileOptions: Sendable, Hashable {
    /// Largest qubit count of a fused block for plain execution (0 = gate by gate; 1 fuses
    /// runs of one-qubit gates; 2 also absorbs CNOTs and their neighbours).
    public var maxFusedQubits: Int
    /// Largest fused block for gradient sweeps (measured: 1 is fastest for the adjoint sweep).
    public var gradientFusedQubits: Int
    /// Whether gates with weight/input parameters are fused too (their block matrices are then
    /// formed per sample at bind time).
    public var fuseParametric: Bool
    /// Cache blocking: consecutive blocks acting only on qubits below `chunkQubits` run chunk by
    /// chunk (2^chunkQubits amplitudes, which stay in L2) in one pass over a larger state.
    /// 0 disables it.
    public var chunkQubits: Int

    /// Defaults chosen by measurement (see the W1–W3 benchmarks).
    public init(maxFusedQubits: Int = 2, gradientFusedQubits: Int = 1, fuseParametric: Bool = true, chunkQubits: Int = 16) {
        self.maxFusedQubits = maxFusedQubits
        self.gradientFusedQubits = gradientFusedQubits
        self.fuseParametric = fuseParametric
        self.chunkQubits = chunkQubits
    }
    /// No fusion and no cache blocking: one kernel call (one pass over the state) per instruction.
    public static let gateByGate = CompileOptions(maxFusedQubits: 0, gradientFusedQubits: 0, fuseParametric: false, chunkQubits: 0)
}

/// A circuit compiled once for repeated execution: fused blocks with kernels chosen by matrix
/// structure; constant blocks are multiplied out at compile time. Parameters bind per run
/// (without allocating), so one program serves a whole batch.
public struct QuantumProgram: Sendable {
    /// The source circuit.
    public let circuit: Circuit
    /// Options used.
    public let options: CompileOptions
    let forwardPlan: ProgramPlan
    let gradientPlan: ProgramPlan
    /// Number of qubits.
    public let qubitCount: Int
    /// Number of trainable weights the circuit reads.
    public let weightCount: Int
    /// Number of input features the circuit reads.
    public let inputCount: Int
    /// Number of kernel calls per plain run (after fusion).
    public var blockCount: Int { forwardPlan.blocks.count }
    /// Number of kernel calls per gradient forward sweep.
    public var gradientBlockCount: Int { gradientPlan.blocks.count }
    /// Copies compiled for batch workers beyond the first (see `worker(_:)`).
    let workerCopies = WorkerCopies()

    /// Compiles `circuit` (greedy fusion, constant folding, kernel choice). O(instructions · k + Σ 8ᵏ).
    public init(_ circuit: Circuit, options: CompileOptions = CompileOptions()) {
        self.circuit = circuit
        self.options = options
        qubitCount = circuit.qubitCount
        weightCount = circuit.weightCount
        inputCount = circuit.inputCount
        forwardPlan = ProgramPlan(circuit, maxFusedQubits: options.maxFusedQubits, fuseParametric: options.fuseParametric)
        gradientPlan = ProgramPlan(circuit, maxFusedQubits: min(options.maxFusedQubits, options.gradientFusedQubits),
                                   fuseParametric: options.fuseParametric)
    }

    /// Runs the program on `state` (in place).
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func run<R: SimReal>(_ state: inout StateVector<R>, weights: [Double] = [], inputs: [Double] = [],
                                policy: ExecutionPolicy = .serial) {
        precondition(state.qubitCount == qubitCount, "program for \(qubitCount) qubits run on a \(state.qubitCount)-qubit state")
        precondition(weights.count >= weightCount, "circuit needs \(weightCount) weights, got \(weights.count)")
        precondition(inputs.count >= inputCount, "circuit needs \(inputCount) inputs, got \(inputs.count)")
        let ws = PlanWorkspace(forwardPlan)
        let threads = policy.threads(forQubits: qubitCount)
        let n = qubitCount
        state.withUnsafeMutableReals { buf in
            weights.withUnsafeBufferPointer { w in inputs.withUnsafeBufferPointer { x in
                ws.bind(forwardPlan, weights: w, inputs: x, derivatives: false)
                ws.forward(forwardPlan, buf.baseAddress!, qubits: n, threads: threads, chunkQubits: options.chunkQubits)
            } }
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

/// Scratch for binding one plan: every parametric block's matrices, plus temporaries.
final class PlanWorkspace {
    let scratch: UnsafeMutablePointer<Complex>
    let temp: UnsafeMutablePointer<Complex>   // 4 × maxD² : R, X, Y, T
    let maxD2: Int
    private var lastWeights: [Double] = []
    private var lastBound = false
    private var lastDerivatives = false

    init(_ plan: ProgramPlan) {
        scratch = .allocate(capacity: max(plan.scratchSize, 1))
        maxD2 = plan.maxD * plan.maxD
        temp = .allocate(capacity: 4 * maxD2 + 64)
    }
    deinit { scratch.deallocate(); temp.deallocate() }

    /// Forms every parametric block's lifted matrices, prefix products (U = P_m), U† and,
    /// with `derivatives`, the lifted ∂L for each non-constant parameter. No allocation for
    /// the common rotation gates.
    func bind(_ plan: ProgramPlan, weights w: UnsafeBufferPointer<Double>, inputs x: UnsafeBufferPointer<Double>, derivatives: Bool) {
        let tmp = temp + 4 * maxD2   // small target-matrix buffer (≤ 64 entries: 3-qubit gates)
        var values = (0.0, 0.0, 0.0, 0.0)
        // Over a batch the weights stay the same: matrices of instructions that read no input
        // are still in the scratch from the previous sample.
        let reuse = lastBound && (lastDerivatives || !derivatives) && lastWeights.elementsEqual(w)
        if !reuse { lastWeights = Array(w) }
        lastBound = true
        lastDerivatives = reuse ? lastDerivatives : derivatives
        for b in plan.blocks where b.isParametric && !(reuse && !b.readsInputs) {
            // (a block reading no input keeps its matrices from the previous sample)
            let d = b.d, d2 = d * d
            SmallMatrix.setIdentity(scratch + b.p(0), d)
            for (j, op) in b.ops.enumerated() {
                let lj = scratch + b.l(j)
                if reuse && !op.readsInputs {
                    // unchanged since the last bind
                } else if let c = op.constantLifted {
                    for i in 0..<d2 { lj[i] = c[i] }
                } else {
                    withUnsafeMutableBytes(of: &values) { raw in
                        let vp = raw.baseAddress!.assumingMemoryBound(to: Double.self)
                        for (i, p) in op.parameters.enumerated() { vp[i] = p.value(weights: w, inputs: x) }
                        let out = op.direct ? lj : tmp
                        op.gate.fill(UnsafePointer(vp), adjoint: op.isAdjoint, into: out)
                        if !op.direct { lift(op, from: tmp, into: lj, d: d, identity: true) }
                        if derivatives {
                            for (s, slot) in op.parameterSlots.enumerated() {
                                let dst = scratch + b.dl(op.firstDerivative + s)
                                let o = op.direct ? dst : tmp
                                op.gate.fill(UnsafePointer(vp), derivative: slot, adjoint: op.isAdjoint, into: o)
                                if !op.direct { lift(op, from: tmp, into: dst, d: d, identity: false) }
                            }
                        }
                    }
                }
                SmallMatrix.multiply(lj, scratch + b.p(j), into: scratch + b.p(j + 1), d)
            }
            SmallMatrix.dagger(scratch + b.u, into: scratch + b.udag, d)
        }
    }

    private func lift(_ op: OpPlan, from m: UnsafePointer<Complex>, into out: UnsafeMutablePointer<Complex>, d: Int, identity: Bool) {
        out.initialize(repeating: .zero, count: d * d)
        if identity { for i in op.identityDiagonal { out[Int(i)] = .one } }
        for (b, o) in op.scatter { out[Int(b)] = m[Int(o)] }
    }

    func matrix(_ b: BlockPlan) -> UnsafePointer<Complex> {
        if let c = b.constantU { return c.withUnsafeBufferPointer { $0.baseAddress! } }
        return UnsafePointer(scratch + b.u)
    }

    /// Applies every block of a bound plan.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    func forward<R: SimReal>(_ plan: ProgramPlan, _ p: UnsafeMutablePointer<R>, qubits n: Int, threads: Int,
                             chunkQubits m: Int = 0) {
        let blocks = plan.blocks
        var i = 0
        while i < blocks.count {
            var end = i
            if m > 0 && n > m { while end < blocks.count && blocks[end].maxQubit < m && blocks[end].cycles == nil { end += 1 } }
            if end - i >= 2 {
                // Several blocks below qubit m: one pass, chunk by chunk, each chunk in cache.
                parallelChunks(1 << (n - m), threads: threads) { range in
                    for c in range {
                        let q = p + 2 * (c << m)
                        for j in i..<end { self.apply(blocks[j], q, qubits: m, threads: 1) }
                    }
                }
                i = end
            } else {
                apply(blocks[i], p, qubits: n, threads: threads)
                i += 1
            }
        }
    }

    /// Applies a merged permutation block (or its inverse) in place, cycle by cycle.
    @inline(__always)
    func permute<R: SimReal>(_ b: BlockPlan, _ p: UnsafeMutablePointer<R>, inverse: Bool) {
        let cyc = b.cycles!, starts = b.cycleStarts
        cyc.withUnsafeBufferPointer { c in starts.withUnsafeBufferPointer { st in
            for k in 0..<(st.count - 1) {
                let lo = Int(st[k]), hi = Int(st[k + 1])
                if !inverse {
                    // ψ'[c_t] = ψ[c_{t+1}]
                    let f = 2 * Int(c[lo]); let tr = p[f], ti = p[f + 1]
                    for t in lo..<(hi - 1) {
                        let a = 2 * Int(c[t]), b2 = 2 * Int(c[t + 1]); p[a] = p[b2]; p[a + 1] = p[b2 + 1]
                    }
                    let l = 2 * Int(c[hi - 1]); p[l] = tr; p[l + 1] = ti
                } else {
                    // ψ'[c_{t+1}] = ψ[c_t]
                    let l = 2 * Int(c[hi - 1]); let tr = p[l], ti = p[l + 1]
                    var t = hi - 1
                    while t > lo {
                        let a = 2 * Int(c[t]), b2 = 2 * Int(c[t - 1]); p[a] = p[b2]; p[a + 1] = p[b2 + 1]
                        t -= 1
                    }
                    let f = 2 * Int(c[lo]); p[f] = tr; p[f + 1] = ti
                }
            }
        } }
    }

    @inline(__always)
    func apply<R: SimReal>(_ b: BlockPlan, _ p: UnsafeMutablePointer<R>, qubits n: Int, threads: Int) {
        if b.cycles != nil { permute(b, p, inverse: false); return }
        if let c = b.constantU {
            c.withUnsafeBufferPointer { GateDispatch.apply(p, qubits: n, shape: b.shape, matrix: $0.baseAddress!, structure: b.structure, threads: threads) }
        } else {
            GateDispatch.apply(p, qubits: n, shape: b.shape, matrix: scratch + b.u, structure: b.structure, threads: threads)
        }
    }
}
