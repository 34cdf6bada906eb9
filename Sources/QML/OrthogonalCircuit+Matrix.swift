import Foundation

extension OrthogonalCircuit {
    /// U = G_K ⋯ G_1 under `weights`, row-major D×D (U[i·D + j] = ⟨i|U|j⟩). O(K·D²).
    public func matrix(weights: [Double]) -> [Double] {
        precondition(weights.count == weightCount, "OrthogonalCircuit: \(weightCount) weights, got \(weights.count)")
        let d = dimension
        var u = [Double](repeating: 0, count: d * d)
        for i in 0..<d { u[i * d + i] = 1 }
        u.withUnsafeMutableBufferPointer { m in
            for op in operations { apply(op, weights, transposed: false, to: m.baseAddress!) }
        }
        return u
    }

    /// ∂L/∂weights from ∂L/∂U = `upstream` (row-major D×D), given U = `matrix(weights:)`:
    /// the adjoint sweep over matrices — U is uncomputed gate by gate (Gᵀ = G⁻¹), the
    /// upstream pulled back through each gate, and ∂L/∂θ_k = Σ Λ ⊙ (G_k′·R_k). O(K·D²).
    public func weightGradient(weights: [Double], matrix: [Double], upstream: [Double]) -> [Double] {
        let d = dimension
        precondition(matrix.count == d * d && upstream.count == d * d, "OrthogonalCircuit: D×D matrices expected")
        var grads = [Double](repeating: 0, count: weightCount)
        var r = matrix
        var lambda = upstream
        r.withUnsafeMutableBufferPointer { rb in lambda.withUnsafeMutableBufferPointer { lb in
            for op in operations.reversed() {
                apply(op, weights, transposed: true, to: rb.baseAddress!)
                if case let .ry(q, w) = op {
                    grads[w] += rotationDerivative(qubit: q, angle: weights[w], rows: rb.baseAddress!, lambda: lb.baseAddress!)
                }
                apply(op, weights, transposed: true, to: lb.baseAddress!)
            }
        } }
        return grads
    }

    /// Left-multiplies the row-major D×D matrix `m` by the gate (or its transpose).
    func apply(_ op: Operation, _ weights: [Double], transposed: Bool, to m: UnsafeMutablePointer<Double>) {
        let d = dimension
        switch op {
        case let .ry(q, w):
            let half = (transposed ? -weights[w] : weights[w]) / 2
            let (c, s) = (cos(half), sin(half))
            forEachPair(bit: 1 << q) { i0, i1 in
                let (r0, r1) = (m + i0 * d, m + i1 * d)
                for k in 0..<d {
                    let (a, b) = (r0[k], r1[k])
                    r0[k] = c * a - s * b
                    r1[k] = s * a + c * b
                }
            }
        case let .cnot(control, target):
            forEachPair(bit: 1 << target) { i0, i1 in
                guard i0 & (1 << control) != 0 else { return }
                swapRows(m + i0 * d, m + i1 * d, d)
            }
        case let .cz(a, b):
            let mask = (1 << a) | (1 << b)
            for i in 0..<d where i & mask == mask {
                let row = m + i * d
                for k in 0..<d { row[k] = -row[k] }
            }
        }
    }

    /// Σ_k Λ ⊙ (RY′(θ) on `qubit` applied to `rows`): RY′ = ½[[−s, −c], [c, −s]] (s, c of θ/2).
    func rotationDerivative(qubit q: Int, angle: Double, rows m: UnsafePointer<Double>, lambda: UnsafePointer<Double>) -> Double {
        let d = dimension
        let (c, s) = (cos(angle / 2), sin(angle / 2))
        var total = 0.0
        forEachPair(bit: 1 << q) { i0, i1 in
            let (r0, r1, l0, l1) = (m + i0 * d, m + i1 * d, lambda + i0 * d, lambda + i1 * d)
            var sum = 0.0
            for k in 0..<d {
                let (a, b) = (r0[k], r1[k])
                sum += l0[k] * (-s * a - c * b) + l1[k] * (c * a - s * b)
            }
            total += sum / 2
        }
        return total
    }

    /// Calls `body(i, i | bit)` for every basis index i with `bit` clear.
    func forEachPair(bit: Int, _ body: (Int, Int) -> Void) {
        for i in 0..<dimension where i & bit == 0 { body(i, i | bit) }
    }

    func swapRows(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ count: Int) {
        for k in 0..<count {
            let t = a[k]
            a[k] = b[k]
            b[k] = t
        }
    }
}
