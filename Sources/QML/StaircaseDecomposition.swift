import CBLAS
import Foundation

/// Turns a real n-qubit state into layers of two-qubit gates (Ran, PRA 101, 032310; the
/// initialisation of Rudolph et al., arXiv 2208.13673): truncate the state to a right-canonical
/// MPS of bond 2, whose sites are isometries that a staircase of n − 1 two-qubit orthogonal
/// gates on (0,1), (1,2), … writes from |0…0⟩; then undo that layer on the state and repeat on
/// the remainder. |ψ⟩ ≈ L₁L₂⋯L_k|0⟩. Works on the state vector (n ≤ 24): O(k·n·2ⁿ).
public enum StaircaseDecomposition {
    /// `count` layers, each n − 1 row-major 4×4 orthogonal matrices (det +1) on (i, i + 1), bit 0
    /// of the 4×4 index being qubit i. Layer 1 is applied last.
    public static func layers(_ psi: [Double], qubits n: Int, count: Int) throws -> [[[Double]]] {
        guard n >= 2, psi.count == 1 << n, count >= 1 else {
            throw QMLError.invalidArgument("a staircase decomposition needs a state of 2^n amplitudes, n ≥ 2, and ≥ 1 layer")
        }
        var rest = psi
        var out = [[[Double]]]()
        for _ in 0..<count {
            let layer = try staircase(try truncatedSites(rest, qubits: n))
            out.append(layer)
            for (i, g) in layer.enumerated().reversed() { BlockCircuit.apply(g, (i, i + 1), &rest, transpose: true) }
        }
        return out
    }

    /// L₁L₂⋯L_k|0…0⟩ for layers from `layers`.
    public static func state(_ layers: [[[Double]]], qubits n: Int) -> [Double] {
        var psi = (0..<(1 << n)).map { $0 == 0 ? 1.0 : 0.0 }
        for layer in layers.reversed() {
            for (i, g) in layer.enumerated() { BlockCircuit.apply(g, (i, i + 1), &psi) }
        }
        return psi
    }

    /// Right-canonical sites B_i[a][s][b] ((a·2 + s)·χ_{i+1} + b) with bonds ≤ 2, by truncated
    /// SVDs from the last qubit back; the state is renormalised.
    static func truncatedSites(_ psi: [Double], qubits n: Int) throws -> [(tensor: [Double], left: Int, right: Int)] {
        var c = psi                      // rows: strings of qubits 0..i, columns: the bond on the right
        var bond = 1
        var sites = [(tensor: [Double], left: Int, right: Int)](repeating: ([], 0, 0), count: n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let rows = 1 << i
            // T[p][(s, b)] = C[p + s·2^i][b]
            var t = [Double](repeating: 0, count: rows * 2 * bond)
            for p in 0..<rows {
                for s in 0..<2 {
                    for b in 0..<bond { t[p * 2 * bond + s * bond + b] = c[(p + s * rows) * bond + b] }
                }
            }
            let (u, sv, vt) = try svd(t, rows, 2 * bond)
            let keep = min(2, sv.count)
            sites[i] = (Array(vt[0..<(keep * 2 * bond)]), keep, bond)
            c = (0..<(rows * keep)).map { u[($0 / keep) * sv.count + $0 % keep] * sv[$0 % keep] }
            bond = keep
        }
        let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
        sites[0] = (c.map { $0 / norm }, 1, bond)   // rows s, columns b: B_0[0][s][b]
        return sites
    }

    /// The staircase writing a bond-≤2 right-canonical MPS from |0…0⟩; the last one-qubit
    /// isometry is merged into the last gate.
    static func staircase(_ sites: [(tensor: [Double], left: Int, right: Int)]) throws -> [[Double]] {
        let n = sites.count
        var gates = [[Double]]()
        for i in 0..<(n - 1) {
            let (b, l, r) = sites[i]
            // input |a⟩ on qubit i (ancilla |0⟩ on i + 1) → Σ B[a][s][c] |s⟩_i |c⟩_{i+1}, column a
            let fixed = (0..<l).map { a in (0..<4).map { k in k / 2 < r ? b[(a * 2 + k % 2) * r + k / 2] : 0 } }
            gates.append(completed(fixed, size: 4))
        }
        let (b, l, _) = sites[n - 1]
        let last = completed((0..<l).map { a in [b[a * 2], b[a * 2 + 1]] }, size: 2)
        // (last on qubit n − 1, bit 1 of the 4×4 index) · gate
        var lifted = [Double](repeating: 0, count: 16)
        for s in 0..<2 {
            for c in 0..<2 {
                for c2 in 0..<2 { lifted[(s + 2 * c) * 4 + s + 2 * c2] = last[c * 2 + c2] }
            }
        }
        gates[n - 2] = multiply(lifted, gates[n - 2], 4)
        if determinant4(gates[n - 2]) < 0 {
            // flip a free column of the gate before merging: columns 2 and 3 (ancilla |1⟩) are free
            for k in 0..<4 { gates[n - 2][k * 4 + 3] = -gates[n - 2][k * 4 + 3] }
        }
        return gates
    }

    /// A size×size orthogonal matrix whose first columns are `fixed` (orthonormal), completed by
    /// Gram–Schmidt on the unit vectors, with the last free column negated when det < 0.
    static func completed(_ fixed: [[Double]], size: Int) -> [Double] {
        var columns = fixed
        for e in 0..<size where columns.count < size {
            var v = (0..<size).map { $0 == e ? 1.0 : 0.0 }
            for c in columns {
                let dot = zip(c, v).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, c).map { $0 - dot * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-8 { columns.append(v.map { $0 / norm }) }
        }
        var m = [Double](repeating: 0, count: size * size)
        for (j, c) in columns.enumerated() {
            for i in 0..<size { m[i * size + j] = c[i] }
        }
        let det = size == 2 ? m[0] * m[3] - m[1] * m[2] : determinant4(m)
        if det < 0 && fixed.count < size {
            for i in 0..<size { m[i * size + size - 1] = -m[i * size + size - 1] }
        }
        return m
    }

    static func multiply(_ a: [Double], _ b: [Double], _ d: Int) -> [Double] {
        (0..<(d * d)).map { k in (0..<d).reduce(0) { $0 + a[(k / d) * d + $1] * b[$1 * d + k % d] } }
    }

    /// det of a 4×4 by cofactor expansion along the first row.
    static func determinant4(_ m: [Double]) -> Double {
        func minor(_ skip: Int) -> Double {
            let cols = (0..<4).filter { $0 != skip }
            let r = (1..<4).map { row in cols.map { m[row * 4 + $0] } }
            return r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0])
        }
        return (0..<4).reduce(0) { $0 + (($1 % 2 == 0) ? 1 : -1) * m[$1] * minor($1) }
    }

    /// Thin SVD of a row-major m×n real matrix: U (m×r), singular values (r), Vᵀ (r×n).
    static func svd(_ a: [Double], _ m: Int, _ n: Int) throws -> (u: [Double], s: [Double], vt: [Double]) {
        let r = min(m, n)
        var copy = a
        var s = [Double](repeating: 0, count: r)
        var u = [Double](repeating: 0, count: m * r)
        var vt = [Double](repeating: 0, count: r * n)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n), &copy, Int32(n), &s, &u, Int32(r),
                                  &vt, Int32(n))
        guard info == 0 else { throw QMLError.invalidArgument("the SVD of a \(m)×\(n) matrix failed (LAPACK info \(info))") }
        return (u, s, vt)
    }
}
