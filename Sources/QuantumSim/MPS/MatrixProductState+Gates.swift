extension MatrixProductState {
    /// Runs `circuit` (gates on at most two qubits, any distance apart: far pairs are brought
    /// together by SWAPs and back), parameters bound from `weights` and `inputs`.
    public mutating func run(_ circuit: Circuit, weights: [Double] = [], inputs: [Double] = []) throws {
        guard circuit.qubitCount <= qubitCount else {
            throw QuantumSimError.invalidArgument("a \(circuit.qubitCount)-qubit circuit on a \(qubitCount)-qubit matrix product state")
        }
        for op in circuit.instructions {
            let values = weights.withUnsafeBufferPointer { w in
                inputs.withUnsafeBufferPointer { x in op.parameters.map { $0.value(weights: w, inputs: x) } }
            }
            try apply(op, values: values)
        }
    }

    /// One instruction with bound parameter `values`.
    public mutating func apply(_ op: Instruction, values: [Double]) throws {
        let qubits = (op.controls + op.targets).sorted()
        guard qubits.count <= 2 else {
            throw QuantumSimError.invalidArgument("the matrix product state applies gates on at most 2 qubits; \(op.gate.name) acts on \(qubits)")
        }
        let matrix = Embedding.lift(op.targetMatrix(values), targets: op.targets, controls: op.controls, into: qubits)
        if qubits.count == 1 {
            applyOne(matrix, at: qubits[0])
        } else {
            try applyTwo(matrix, qubits[0], qubits[1])
        }
    }

    /// A 2×2 matrix on one site; the canonical form is kept (the map is unitary on s). O(χ²).
    mutating func applyOne(_ m: [Complex], at i: Int) {
        let (l, r) = (bonds[i], bonds[i + 1])
        var out = [Complex](repeating: .zero, count: l * 2 * r)
        for a in 0..<l {
            for b in 0..<r {
                let x0 = tensors[i][(a * 2) * r + b]
                let x1 = tensors[i][(a * 2 + 1) * r + b]
                out[(a * 2) * r + b] = m[0] * x0 + m[1] * x1
                out[(a * 2 + 1) * r + b] = m[2] * x0 + m[3] * x1
            }
        }
        tensors[i] = out
    }

    /// A 4×4 matrix (index s_a·2 + s_b) on sites a < b, routed by SWAPs when b > a + 1.
    mutating func applyTwo(_ m: [Complex], _ a: Int, _ b: Int) throws {
        let swap: [Complex] = [.one, .zero, .zero, .zero, .zero, .zero, .one, .zero, .zero, .one, .zero, .zero, .zero, .zero, .zero, .one]
        for j in stride(from: b - 1, to: a, by: -1) { try applyAdjacent(swap, at: j) }
        try applyAdjacent(m, at: a)
        for j in (a + 1)..<b { try applyAdjacent(swap, at: j) }
    }

    /// A 4×4 matrix on sites i, i + 1: contract, apply, split by SVD keeping at most χ values.
    /// The centre ends at i + 1. O(χ³).
    mutating func applyAdjacent(_ m: [Complex], at i: Int) throws {
        try moveCenter(to: i)
        let (l, mid, r) = (bonds[i], bonds[i + 1], bonds[i + 2])
        let theta = MPSAlgebra.multiply(tensors[i], tensors[i + 1], l * 2, mid, 2 * r)
        // θ[a, s1, s2, c] sits at (a·2 + s1)·2r + s2·r + c: the four values of one (a, c) are r apart
        var out = [Complex](repeating: .zero, count: l * 4 * r)
        for a in 0..<l {
            for c in 0..<r {
                let base = a * 4 * r + c
                let v0 = theta[base]
                let v1 = theta[base + r]
                let v2 = theta[base + 2 * r]
                let v3 = theta[base + 3 * r]
                for t in 0..<4 {
                    out[base + t * r] = m[t * 4] * v0 + m[t * 4 + 1] * v1 + m[t * 4 + 2] * v2 + m[t * 4 + 3] * v3
                }
            }
        }
        try split(out, at: i, rows: l * 2, columns: 2 * r, limit: maxBondDimension)
        center = i + 1
    }

    /// Sets sites i, i + 1 from the (rows × columns) two-site matrix: U to site i, S·V† to
    /// site i + 1, keeping at most `limit` singular values; adds the discarded weight.
    mutating func split(_ theta: [Complex], at i: Int, rows: Int, columns: Int, limit: Int) throws {
        let (u, s, vt) = try MPSAlgebra.svd(theta, rows, columns)
        let k = kept(s, limit: limit)
        let total = s.reduce(0) { $0 + $1 * $1 }
        let retained = s[0..<k].reduce(0) { $0 + $1 * $1 }
        if total > 0 { truncationError += (total - retained) / total }
        let rescale = retained > 0 ? (total / retained).squareRoot() : 1
        let full = s.count
        tensors[i] = (0..<(rows * k)).map { u[($0 / k) * full + $0 % k] }
        tensors[i + 1] = (0..<(k * columns)).map { Complex(s[$0 / columns] * rescale, 0) * vt[$0] }
        bonds[i + 1] = k
    }

    /// How many singular values to keep: those above `cutoff`·s₀, at most `limit`, at least 1.
    func kept(_ s: [Double], limit: Int) -> Int {
        let floor = (s.first ?? 0) * cutoff
        return max(1, min(limit, s.prefix { $0 > floor }.count))
    }

    /// Moves the orthogonality centre to `site`: QR factorisations to the right, LQ to the left.
    public mutating func moveCenter(to site: Int) throws {
        while center < site {
            let i = center
            let (l, r) = (bonds[i], bonds[i + 1])
            let (q, rFactor, k) = try MPSAlgebra.qr(tensors[i], l * 2, r)
            tensors[i] = q
            tensors[i + 1] = MPSAlgebra.multiply(rFactor, tensors[i + 1], k, r, 2 * bonds[i + 2])
            bonds[i + 1] = k
            center = i + 1
        }
        while center > site {
            let i = center
            let (l, r) = (bonds[i], bonds[i + 1])
            let (lFactor, q, k) = try MPSAlgebra.lq(tensors[i], l, 2 * r)
            tensors[i] = q
            tensors[i - 1] = MPSAlgebra.multiply(tensors[i - 1], lFactor, bonds[i - 1] * 2, l, k)
            bonds[i] = k
            center = i - 1
        }
    }
}
