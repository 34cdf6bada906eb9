import Foundation

/// A primitive of the exporter: a one-qubit gate (or a global phase when `target` is nil) with
/// positive controls and its adjoint already resolved. Every Quanta instruction lowers to these.
struct ExportOp {
    var gate: Gate
    var parameters: [Parameter]
    var target: Int?
    var controls: [Int]

    static func one(_ g: Gate, _ ps: [Parameter] = [], _ t: Int, controls: [Int] = []) -> ExportOp {
        ExportOp(gate: g, parameters: ps, target: t, controls: controls)
    }
    static func matrix(_ m: [Complex], _ t: Int, controls: [Int] = []) -> ExportOp {
        ExportOp(gate: .unitary(m), parameters: [], target: t, controls: controls)
    }
}

enum ExportLowering {
    /// The primitives of one instruction (controls included).
    static func lower(_ op: Instruction) -> [ExportOp] {
        base(op.gate, op.parameters, op.targets, adjoint: op.isAdjoint).map {
            var x = $0
            x.controls = op.controls + x.controls
            return x
        }
    }

    /// Primitives of an uncontrolled gate on `t` (first = most significant matrix bit).
    static func base(_ g: Gate, _ p: [Parameter], _ t: [Int], adjoint: Bool) -> [ExportOp] {
        func seq(_ ops: [Instruction]) -> [ExportOp] {
            let ordered = adjoint ? ops.reversed().map(\.adjoint) : ops
            return ordered.flatMap { lower($0) }
        }
        func I(_ g: Gate, _ q: [Int], _ ps: [Parameter] = [], c: [Int] = []) -> Instruction {
            Instruction(g, targets: q, controls: c, parameters: ps)
        }
        switch g {
        case .globalPhase:
            return [ExportOp(gate: .globalPhase, parameters: adjoint ? [-p[0]] : p, target: nil, controls: [])]
        case .i, .x, .y, .z, .h:
            return [.one(g, [], t[0])]
        case .s, .sdg, .t, .tdg, .sx, .sxdg:
            let inverse: [Gate: Gate] = [.s: .sdg, .sdg: .s, .t: .tdg, .tdg: .t, .sx: .sxdg, .sxdg: .sx]
            return [.one(adjoint ? inverse[g]! : g, [], t[0])]
        case .rx, .ry, .rz, .p, .u1:
            return [.one(g, adjoint ? [-p[0]] : p, t[0])]
        case .u, .u3:
            return [.one(.u, adjoint ? [-p[0], -p[2], -p[1]] : p, t[0])]
        case .u2:
            return [.one(.u, adjoint ? [.constant(-.pi / 2), -p[1], -p[0]] : [.constant(.pi / 2), p[0], p[1]], t[0])]
        case .phasedU:
            return [.one(.phasedU, adjoint ? [-p[0], -p[2], -p[1], -p[3]] : p, t[0])]
        case .swap:
            return seq([I(.x, [t[1]], c: [t[0]]), I(.x, [t[0]], c: [t[1]]), I(.x, [t[1]], c: [t[0]])])
        case .iswap:
            return seq([I(.s, [t[0]]), I(.s, [t[1]]), I(.h, [t[0]]), I(.x, [t[1]], c: [t[0]]), I(.x, [t[0]], c: [t[1]]), I(.h, [t[1]])])
        case .ecr:
            return seq([I(.rzx, t, [.constant(.pi / 4)]), I(.x, [t[0]]), I(.rzx, t, [.constant(-.pi / 4)])])
        case .rzz:
            return seq([I(.x, [t[1]], c: [t[0]]), I(.rz, [t[1]], p), I(.x, [t[1]], c: [t[0]])])
        case .rxx:
            return seq([I(.h, [t[0]]), I(.h, [t[1]]), I(.rzz, t, p), I(.h, [t[0]]), I(.h, [t[1]])])
        case .ryy:
            let a: Parameter = .constant(.pi / 2), b: Parameter = .constant(-.pi / 2)
            return seq([I(.rx, [t[0]], [a]), I(.rx, [t[1]], [a]), I(.rzz, t, p), I(.rx, [t[0]], [b]), I(.rx, [t[1]], [b])])
        case .rzx:
            return seq([I(.h, [t[1]]), I(.rzz, t, p), I(.h, [t[1]])])
        case let .unitary(m):
            let u = adjoint ? Instruction.daggered(m) : m
            return t.count == 1 ? [.matrix(u, t[0])] : Synthesis.unitary(u, qubits: t)
        case let .diagonal(d):
            let e = adjoint ? d.map(\.conjugate) : d
            return t.count == 1 ? [.matrix([e[0], .zero, .zero, e[1]], t[0])] : Synthesis.diagonal(e, qubits: t)
        }
    }
}

/// Numeric synthesis of dense and diagonal k-qubit unitaries into controlled one-qubit gates.
enum Synthesis {
    /// `e^{iγ}·U(θ, φ, λ)` angles of a 2×2 unitary.
    static func zyz(_ m: [Complex]) -> (theta: Double, phi: Double, lambda: Double, gamma: Double) {
        func arg(_ z: Complex) -> Double { atan2(z.im, z.re) }
        let c = m[0].magnitude, s = m[2].magnitude
        let theta = 2 * atan2(s, c)
        let gamma = c >= 1e-9 ? arg(m[0]) : 0
        if s >= 1e-9 {
            return (theta, arg(m[2]) - gamma, arg(-m[1]) - gamma, gamma)
        }
        return (theta, 0, arg(m[3]) - gamma, gamma)
    }

    /// A one-qubit gate on `target` that acts only when every qubit in `pattern` has the given
    /// value (0 = negative control, realised with X on both sides).
    static func mixed(_ m: [Complex], target: Int, pattern: [(Int, Int)]) -> [ExportOp] {
        let flips = pattern.filter { $0.1 == 0 }.map { ExportOp.one(.x, [], $0.0) }
        return flips + [.matrix(m, target, controls: pattern.map(\.0))] + flips
    }

    /// Qubit of matrix bit `b` (0 = least significant) for targets listed most significant first.
    static func qubit(_ b: Int, _ qubits: [Int]) -> Int { qubits[qubits.count - 1 - b] }

    /// Phases `d[j]` on basis states j: a global phase, then one controlled phase per state.
    static func diagonal(_ d: [Complex], qubits: [Int]) -> [ExportOp] {
        let k = qubits.count
        let base = atan2(d[0].im, d[0].re)
        var out = [ExportOp(gate: .globalPhase, parameters: [.constant(base)], target: nil, controls: [])]
        for j in 1..<d.count {
            let phi = atan2(d[j].im, d[j].re) - base
            if abs(remainder(phi, 2 * .pi)) < 1e-15 { continue }
            let b = j.trailingZeroBitCount
            let pattern = (0..<k).filter { $0 != b }.map { (qubit($0, qubits), (j >> $0) & 1) }
            out += mixed([.one, .zero, .zero, .expi(phi)], target: qubit(b, qubits), pattern: pattern)
        }
        return out
    }

    /// Two-level (Givens) decomposition in Gray-code order, so each rotation is a one-qubit gate
    /// controlled on all other qubits: U = G₁†⋯G_m†·D. O(8ᵏ).
    static func unitary(_ u: [Complex], qubits: [Int]) -> [ExportOp] {
        let k = qubits.count, d = 1 << k
        var a = u
        let gray = (0..<d).map { $0 ^ ($0 >> 1) }
        var rotations: [(lo: Int, hi: Int, g: [Complex])] = []   // g acts on (lo, hi) rows
        for c in 0..<(d - 1) {
            let col = gray[c]
            for r in stride(from: d - 1, to: c, by: -1) {
                let r0 = gray[r - 1], r1 = gray[r]
                let x = a[r0 * d + col], y = a[r1 * d + col]
                if y.magnitudeSquared < 1e-30 { continue }
                let n = (x.magnitudeSquared + y.magnitudeSquared).squareRoot()
                // G [x; y] = [n; 0] on rows (r0, r1).
                let g = [x.conjugate / n, y.conjugate / n, -1 * y / n, x / n]
                for j in 0..<d {
                    let p = a[r0 * d + j], q = a[r1 * d + j]
                    a[r0 * d + j] = g[0] * p + g[1] * q
                    a[r1 * d + j] = g[2] * p + g[3] * q
                }
                // In (lo, hi) order of the differing bit.
                let (lo, hi) = r0 < r1 ? (r0, r1) : (r1, r0)
                let m = r0 < r1 ? g : [g[3], g[2], g[1], g[0]]
                rotations.append((lo, hi, m))
            }
        }
        var out = diagonal((0..<d).map { a[$0 * d + $0] }, qubits: qubits)
        for (lo, hi, g) in rotations.reversed() {
            let b = (lo ^ hi).trailingZeroBitCount
            let pattern = (0..<k).filter { $0 != b }.map { (qubit($0, qubits), (lo >> $0) & 1) }
            out += mixed(Instruction.daggered(g), target: qubit(b, qubits), pattern: pattern)
        }
        return out
    }
}
