/// How one instruction enters its block's matrix.
final class OpPlan: @unchecked Sendable {
    let instruction: Instruction
    let gate: Gate
    let isAdjoint: Bool
    let parameters: [Parameter]
    /// The instruction's target matrix is the block matrix itself (same qubits and order, no
    /// controls to embed), so no lifting is needed.
    let direct: Bool
    /// `(blockIndex, opIndex)` pairs copying target-matrix entries into the lifted matrix.
    let scatter: [(Int32, Int32)]
    /// Block diagonal entries set to 1 (columns where the instruction's controls are not all 1).
    let identityDiagonal: [Int32]
    /// Lifted matrix when the instruction has only constant parameters.
    let constantLifted: [Complex]?
    /// Indices of the non-constant parameters, and where their derivative matrices live.
    let parameterSlots: [Int]
    let firstDerivative: Int
    /// Whether any parameter reads an input feature (so the matrix changes per sample).
    let readsInputs: Bool

    init(instruction: Instruction, direct: Bool, scatter: [(Int32, Int32)], identityDiagonal: [Int32],
         constantLifted: [Complex]?, parameterSlots: [Int], firstDerivative: Int) {
        self.instruction = instruction
        gate = instruction.gate
        isAdjoint = instruction.isAdjoint
        parameters = instruction.parameters
        self.direct = direct
        self.scatter = scatter
        self.identityDiagonal = identityDiagonal
        self.constantLifted = constantLifted
        self.parameterSlots = parameterSlots
        self.firstDerivative = firstDerivative
        readsInputs = instruction.parameters.contains { if case .input = $0.source { return true } else { return false } }
    }
}

/// A fused block ready to bind: kernel shape, structure, and its scratch layout
/// `[P₀ … P_m | L₀ … L_{m−1} | ∂L… | U†]` (each `d×d`), where `P_j` is the product of the first
/// j lifted matrices and `P_m = U`.
final class BlockPlan: @unchecked Sendable {
    let shape: KernelShape
    let d: Int
    let ops: [OpPlan]
    var structure: MatrixStructure
    let constantU: [Complex]?
    let constantUdag: [Complex]?
    let derivativeCount: Int
    let base: Int
    /// Whether any instruction reads an input feature (else the bound matrices stay valid
    /// while the weights do).
    let readsInputs: Bool
    /// Highest qubit touched (targets and controls), −1 for none.
    var maxQubit: Int { (shape.targets + shape.controls).max() ?? -1 }

    /// For a merged run of constant basis permutations (CNOT rings, X, SWAP, Toffoli): the
    /// gather map ψ'[j] = ψ[τ(j)] as cycles (`cycleStarts` indexes into `cycles`); applied in
    /// place in one pass instead of one pass per gate.
    var cycles: [Int32]? = nil
    var cycleStarts: [Int32] = []

    init(shape: KernelShape, d: Int, ops: [OpPlan], structure: MatrixStructure, constantU: [Complex]?,
         constantUdag: [Complex]?, derivativeCount: Int, base: Int) {
        self.shape = shape; self.d = d; self.ops = ops; self.structure = structure
        self.constantU = constantU; self.constantUdag = constantUdag
        self.derivativeCount = derivativeCount; self.base = base
        readsInputs = ops.contains { $0.readsInputs }
    }

    /// Whether this constant block only permutes basis states (entries 0 or exactly 1).
    var isPurePermutation: Bool {
        guard let u = constantU, cycles == nil, structure == .permutation else { return false }
        return u.allSatisfy { $0 == .zero || $0 == .one }
    }

    /// Basis map σ of a pure-permutation block: |i⟩ ↦ |σ(i)⟩.
    func mapBasis(_ i: Int) -> Int {
        if i & shape.cmask != shape.cmask { return i }
        let u = constantU!, d = self.d
        var c = 0, rest = i
        for (l, off) in shape.offsets.enumerated() where off != 0 && l.nonzeroBitCount == 1 { if i & off != 0 { c |= l } }
        for off in shape.offsets { rest &= ~off }
        for r in 0..<d where u[r * d + c] == .one { return rest | shape.offsets[r] }
        return i
    }
    var isParametric: Bool { constantU == nil }
    var scratchSize: Int { isParametric ? (2 * ops.count + 2 + derivativeCount) * d * d : 0 }
    func p(_ j: Int) -> Int { base + j * d * d }
    func l(_ j: Int) -> Int { base + (ops.count + 1 + j) * d * d }
    func dl(_ s: Int) -> Int { base + (2 * ops.count + 1 + s) * d * d }
    var udag: Int { base + (2 * ops.count + 1 + derivativeCount) * d * d }
    var u: Int { p(ops.count) }
}

/// A compiled list of blocks with the scratch size one binding needs.
struct ProgramPlan: Sendable {
    let blocks: [BlockPlan]
    let scratchSize: Int
    let maxD: Int

    /// Greedy fusion: an instruction joins the latest block touching any of its qubits when the
    /// union stays within `k` qubits (and parametric fusion is allowed); otherwise it opens a block.
    init(_ circuit: Circuit, maxFusedQubits k: Int, fuseParametric: Bool) {
        var groups: [(ops: [Int], space: Set<Int>, parametric: Bool)] = []
        var last = [Int](repeating: -1, count: circuit.qubitCount)
        for (idx, op) in circuit.instructions.enumerated() {
            let qs = op.qubits
            let parametric = !op.parameters.allSatisfy(\.isConstant)
            let b = qs.map { last[$0] }.max() ?? (groups.count - 1)
            if b >= 0, k >= 1, fuseParametric || (!parametric && !groups[b].parametric) {
                let union = groups[b].space.union(qs)
                if union.count <= k {
                    groups[b].ops.append(idx)
                    groups[b].space = union
                    groups[b].parametric = groups[b].parametric || parametric
                    for q in qs { last[q] = b }
                    continue
                }
            }
            groups.append(([idx], Set(qs), parametric))
            for q in qs { last[q] = groups.count - 1 }
        }
        var blocks: [BlockPlan] = []
        var offset = 0, maxD = 1
        for g in groups {
            let ops = g.ops.map { circuit.instructions[$0] }
            // A lone instruction keeps its controls in the kernel; fused ones are embedded densely.
            let lone = ops.count == 1 && !ops[0].targets.isEmpty
            let targets = lone ? ops[0].targets : g.space.sorted(by: >)
            let controls = lone ? ops[0].controls : []
            let d = 1 << targets.count
            maxD = max(maxD, d)
            var opPlans: [OpPlan] = []
            var derivs = 0
            for op in ops {
                let direct = op.targets == targets && (lone || op.controls.isEmpty)
                var scatter: [(Int32, Int32)] = [], ident: [Int32] = []
                if !direct { (scatter, ident) = Self.liftMap(op, into: targets) }
                let slots = op.parameters.indices.filter { !op.parameters[$0].isConstant }
                var constant: [Complex]? = nil
                if slots.isEmpty {
                    let m = op.targetMatrix(op.parameters.map(\.offset))
                    constant = direct ? m : Self.lift(m, scatter, ident, d, identity: true)
                }
                opPlans.append(OpPlan(instruction: op, direct: direct, scatter: scatter, identityDiagonal: ident,
                                      constantLifted: constant, parameterSlots: slots, firstDerivative: derivs))
                derivs += slots.count
            }
            var constantU: [Complex]? = nil, constantUdag: [Complex]? = nil
            if !g.parametric {
                var u = Embedding.identity(d)
                for op in opPlans { u = Embedding.multiply(op.constantLifted!, u, d) }
                constantU = u
                constantUdag = Instruction.daggered(u)
            }
            let plan = BlockPlan(shape: KernelShape(targets: targets, controls: controls), d: d, ops: opPlans,
                                 structure: constantU.map { MatrixStructure.of($0) } ?? .dense, constantU: constantU,
                                 constantUdag: constantUdag, derivativeCount: derivs, base: offset)
            offset += plan.scratchSize
            if plan.isParametric { plan.structure = Self.probeStructure(plan) }
            blocks.append(plan)
        }
        self.blocks = k >= 1 ? Self.mergePermutations(blocks, qubits: circuit.qubitCount) : blocks
        scratchSize = offset
        self.maxD = maxD
    }

    /// Replaces runs of ≥ 2 consecutive pure-permutation blocks by one cycle-decomposed
    /// permutation (states up to 2¹⁶ amplitudes, where one pass per gate is dominated by call
    /// overhead).
    static func mergePermutations(_ blocks: [BlockPlan], qubits n: Int) -> [BlockPlan] {
        guard n <= 16 else { return blocks }
        var out: [BlockPlan] = []
        var i = 0
        while i < blocks.count {
            var end = i
            while end < blocks.count && blocks[end].isPurePermutation { end += 1 }
            if end - i < 2 { out.append(blocks[i]); i += 1; continue }
            let dim = 1 << n
            var sigma = Array(0..<dim)
            for b in blocks[i..<end] { for k in 0..<dim { sigma[k] = b.mapBasis(sigma[k]) } }
            var tau = [Int](repeating: 0, count: dim)
            for k in 0..<dim { tau[sigma[k]] = k }   // ψ'[σ(k)] = ψ[k]  ⇒  ψ'[j] = ψ[τ(j)]
            var seen = [Bool](repeating: false, count: dim)
            var cycles: [Int32] = [], starts: [Int32] = []
            for j0 in 0..<dim where !seen[j0] && tau[j0] != j0 {
                starts.append(Int32(cycles.count))
                var j = j0
                while !seen[j] { seen[j] = true; cycles.append(Int32(j)); j = tau[j] }
            }
            starts.append(Int32(cycles.count))
            let qs = Set(blocks[i..<end].flatMap { $0.shape.targets + $0.shape.controls }).sorted(by: >)
            let merged = BlockPlan(shape: KernelShape(targets: qs, controls: []), d: 1, ops: blocks[i..<end].flatMap(\.ops),
                                   structure: .permutation, constantU: [], constantUdag: [], derivativeCount: 0, base: 0)
            merged.cycles = cycles
            merged.cycleStarts = starts
            out.append(merged)
            i = end
        }
        return out
    }

    /// The structure of a parametric block: diagonal when every one of its gates is diagonal
    /// at two arbitrary parameter points (structure follows from the gate kinds, not the
    /// values), dense otherwise. Gates are probed one by one: probing their product could
    /// find a block such as RY(w)·RY(0.5w + 0.3)† diagonal by cancellation at the probe point.
    static func probeStructure(_ b: BlockPlan) -> MatrixStructure {
        for seed in [0.37, 1.91] {
            for op in b.ops {
                let vals = op.instruction.parameters.enumerated().map { $0.element.isConstant ? $0.element.offset : seed + 0.13 * Double($0.offset) }
                let m = op.instruction.targetMatrix(vals)
                let lifted = op.direct ? m : lift(m, op.scatter, op.identityDiagonal, b.d, identity: true)
                if MatrixStructure.of(lifted, tolerance: 1e-14) != .diagonal { return .dense }
            }
        }
        return .diagonal
    }

    /// Index map lifting `op` (targets + controls, all inside `space`) into `space`'s matrix.
    static func liftMap(_ op: Instruction, into space: [Int]) -> ([(Int32, Int32)], [Int32]) {
        let k = space.count, d = 1 << k, t = op.targets.count, td = 1 << t
        func bit(_ q: Int) -> Int { k - 1 - space.firstIndex(of: q)! }
        let tb = op.targets.map(bit)
        let cmask = op.controls.map(bit).reduce(0) { $0 | (1 << $1) }
        let tmask = tb.reduce(0) { $0 | (1 << $1) }
        var scatter: [(Int32, Int32)] = [], ident: [Int32] = []
        for c in 0..<d {
            if c & cmask != cmask { ident.append(Int32(c * d + c)); continue }
            var tcol = 0
            for j in 0..<t where (c >> tb[j]) & 1 == 1 { tcol |= 1 << (t - 1 - j) }
            for trow in 0..<td {
                var r = c & ~tmask
                for j in 0..<t where (trow >> (t - 1 - j)) & 1 == 1 { r |= 1 << tb[j] }
                scatter.append((Int32(r * d + c), Int32(trow * td + tcol)))
            }
        }
        return (scatter, ident)
    }

    static func lift(_ m: [Complex], _ scatter: [(Int32, Int32)], _ ident: [Int32], _ d: Int, identity: Bool) -> [Complex] {
        var out = [Complex](repeating: .zero, count: d * d)
        if identity { for i in ident { out[Int(i)] = .one } }
        for (b, o) in scatter { out[Int(b)] = m[Int(o)] }
        return out
    }
}
