import Foundation

/// A gate kind with the OpenQASM 3 `stdgates.inc` conventions (before controls are added).
///
/// Controlled gates (`cx`, `crz`, `ccx`, multi-controlled anything) are a base gate plus
/// control qubits on an `Instruction`. Matrix convention: for a gate on qubits `[q₀, q₁, …]`
/// the first listed qubit is the most significant bit of the matrix index (textbook order,
/// so `swap`, `rzx`, `ecr` read as in the OpenQASM spec).
public enum Gate: Hashable, Sendable {
    case i, x, y, z, h, s, sdg, t, tdg, sx, sxdg
    /// `exp(−iθX/2)`, `exp(−iθY/2)`, `exp(−iθZ/2)`; one parameter θ.
    case rx, ry, rz
    /// `diag(1, e^{iλ})`.
    case p
    /// `U(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]`.
    case u
    /// `U(0, 0, λ)`.
    case u1
    /// `U(π/2, φ, λ)`.
    case u2
    /// Same as `u`.
    case u3
    /// `e^{iγ}·U(θ, φ, λ)` (four parameters θ, φ, λ, γ): the target part of `cu`.
    case phasedU
    case swap, iswap, ecr
    /// `exp(−iθ/2 · P⊗P)` for P = X, Y, Z; `rzx = exp(−iθ/2 · Z⊗X)`.
    case rxx, ryy, rzz, rzx
    /// `e^{iγ}` on zero qubits (with controls: a phase on the controls).
    case globalPhase
    /// An arbitrary dense unitary on `k` qubits, row-major `2ᵏ×2ᵏ`.
    case unitary([Complex])
    /// A diagonal unitary on `k` qubits (`2ᵏ` entries).
    case diagonal([Complex])

    /// Number of target qubits.
    public var qubitCount: Int {
        switch self {
        case .globalPhase: return 0
        case .swap, .iswap, .ecr, .rxx, .ryy, .rzz, .rzx: return 2
        case let .unitary(m): return (m.count.trailingZeroBitCount) / 2
        case let .diagonal(d): return d.count.trailingZeroBitCount
        default: return 1
        }
    }

    /// Number of real parameters.
    public var parameterCount: Int {
        switch self {
        case .rx, .ry, .rz, .p, .u1, .rxx, .ryy, .rzz, .rzx, .globalPhase: return 1
        case .u2: return 2
        case .u, .u3: return 3
        case .phasedU: return 4
        default: return 0
        }
    }

    /// OpenQASM 3 name (without the `c`/`ctrl @` prefixes of controlled forms).
    public var name: String {
        switch self {
        case .i: return "id"
        case .x: return "x"
        case .y: return "y"
        case .z: return "z"
        case .h: return "h"
        case .s: return "s"
        case .sdg: return "sdg"
        case .t: return "t"
        case .tdg: return "tdg"
        case .sx: return "sx"
        case .sxdg: return "sxdg"
        case .rx: return "rx"
        case .ry: return "ry"
        case .rz: return "rz"
        case .p: return "p"
        case .u: return "U"
        case .u1: return "u1"
        case .u2: return "u2"
        case .u3: return "u3"
        case .phasedU: return "cu_target"
        case .swap: return "swap"
        case .iswap: return "iswap"
        case .ecr: return "ecr"
        case .rxx: return "rxx"
        case .ryy: return "ryy"
        case .rzz: return "rzz"
        case .rzx: return "rzx"
        case .globalPhase: return "gphase"
        case .unitary: return "unitary"
        case .diagonal: return "diagonal"
        }
    }

    /// The `2ᵏ×2ᵏ` row-major matrix at the given parameter values. O(4ᵏ).
    public func matrix(_ parameters: [Double]) -> [Complex] {
        precondition(parameters.count == parameterCount,
                     "\(name) takes \(parameterCount) parameters, got \(parameters.count)")
        return build(parameters.map { Dual($0, 0) }).map { Complex($0.re.v, $0.im.v) }
    }

    /// ∂U/∂p_index at the given parameter values (exact, by forward-mode dual numbers).
    public func derivative(_ parameters: [Double], index: Int) -> [Complex] {
        precondition(index >= 0 && index < parameterCount, "parameter index \(index) out of range for \(name)")
        let ps = parameters.enumerated().map { Dual($0.element, $0.offset == index ? 1 : 0) }
        return build(ps).map { Complex($0.re.d, $0.im.d) }
    }

    private func build(_ p: [Dual]) -> [DC] {
        let s2 = 1 / 2.0.squareRoot()
        func c(_ re: Double, _ im: Double = 0) -> DC { DC(Dual(re, 0), Dual(im, 0)) }
        let o = c(0), l = c(1), im = c(0, 1)
        switch self {
        case .i: return [l, o, o, l]
        case .x: return [o, l, l, o]
        case .y: return [o, c(0, -1), im, o]
        case .z: return [l, o, o, c(-1)]
        case .h: return [c(s2), c(s2), c(s2), c(-s2)]
        case .s: return [l, o, o, im]
        case .sdg: return [l, o, o, c(0, -1)]
        case .t: return [l, o, o, c(s2, s2)]
        case .tdg: return [l, o, o, c(s2, -s2)]
        case .sx: return [c(0.5, 0.5), c(0.5, -0.5), c(0.5, -0.5), c(0.5, 0.5)]
        case .sxdg: return [c(0.5, -0.5), c(0.5, 0.5), c(0.5, 0.5), c(0.5, -0.5)]
        case .rx:
            let h = p[0] * 0.5, cs = DC(h.cos, .zero), sn = DC(.zero, -h.sin)
            return [cs, sn, sn, cs]
        case .ry:
            let h = p[0] * 0.5
            return [DC(h.cos, .zero), DC(-h.sin, .zero), DC(h.sin, .zero), DC(h.cos, .zero)]
        case .rz:
            let h = p[0] * 0.5
            return [DC.expi(-h), o, o, DC.expi(h)]
        case .p, .u1:
            return [l, o, o, DC.expi(p[0])]
        case .u, .u3:
            return Self.uMatrix(p[0], p[1], p[2])
        case .u2:
            return Self.uMatrix(Dual(Double.pi / 2, 0), p[0], p[1])
        case .phasedU:
            let g = DC.expi(p[3])
            return Self.uMatrix(p[0], p[1], p[2]).map { $0 * g }
        case .swap:
            return [l, o, o, o, o, o, l, o, o, l, o, o, o, o, o, l]
        case .iswap:
            return [l, o, o, o, o, o, im, o, o, im, o, o, o, o, o, l]
        case .ecr:
            // stdgates.inc: ecr a, b { rzx(π/4) a, b; x a; rzx(−π/4) a, b; }
            let a = Gate.rzx.build([Dual(Double.pi / 4, 0)])
            let b = Gate.rzx.build([Dual(-Double.pi / 4, 0)])
            let xa: [DC] = [o, o, l, o, o, o, o, l, l, o, o, o, o, l, o, o]
            return DC.matmul(b, DC.matmul(xa, a, 4), 4)
        case .rxx:
            let h = p[0] * 0.5, cs = DC(h.cos, .zero), sn = DC(.zero, -h.sin)
            return [cs, o, o, sn, o, cs, sn, o, o, sn, cs, o, sn, o, o, cs]
        case .ryy:
            let h = p[0] * 0.5, cs = DC(h.cos, .zero), sn = DC(.zero, -h.sin), sp = DC(.zero, h.sin)
            return [cs, o, o, sp, o, cs, sn, o, o, sn, cs, o, sp, o, o, cs]
        case .rzz:
            let h = p[0] * 0.5, a = DC.expi(-h), b = DC.expi(h)
            return [a, o, o, o, o, b, o, o, o, o, b, o, o, o, o, a]
        case .rzx:
            // exp(−iθ/2 Z⊗X): block diag(RX(θ), RX(−θ)) with the first qubit as control bit.
            let h = p[0] * 0.5, cs = DC(h.cos, .zero), sn = DC(.zero, -h.sin), sp = DC(.zero, h.sin)
            return [cs, sn, o, o, sn, cs, o, o, o, o, cs, sp, o, o, sp, cs]
        case .globalPhase:
            return [DC.expi(p[0])]
        case let .unitary(m):
            return m.map { c($0.re, $0.im) }
        case let .diagonal(d):
            let k = d.count
            var out = [DC](repeating: o, count: k * k)
            for j in 0..<k { out[j * k + j] = c(d[j].re, d[j].im) }
            return out
        }
    }

    private static func uMatrix(_ th: Dual, _ ph: Dual, _ la: Dual) -> [DC] {
        let h = th * 0.5
        let cs = DC(h.cos, .zero), sn = DC(h.sin, .zero)
        return [cs, -(DC.expi(la) * sn), DC.expi(ph) * sn, DC.expi(ph + la) * cs]
    }
}
