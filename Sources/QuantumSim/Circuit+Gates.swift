/// Builders for the OpenQASM 3 standard gates. Qubit arguments come in OpenQASM order
/// (controls first for controlled gates).
extension Circuit {
    public mutating func id(_ q: Int) { append(.i, [q]) }
    public mutating func x(_ q: Int) { append(.x, [q]) }
    public mutating func y(_ q: Int) { append(.y, [q]) }
    public mutating func z(_ q: Int) { append(.z, [q]) }
    public mutating func h(_ q: Int) { append(.h, [q]) }
    public mutating func s(_ q: Int) { append(.s, [q]) }
    public mutating func sdg(_ q: Int) { append(.sdg, [q]) }
    public mutating func t(_ q: Int) { append(.t, [q]) }
    public mutating func tdg(_ q: Int) { append(.tdg, [q]) }
    public mutating func sx(_ q: Int) { append(.sx, [q]) }
    public mutating func sxdg(_ q: Int) { append(.sxdg, [q]) }
    public mutating func rx(_ theta: Parameter, _ q: Int) { append(.rx, [q], parameters: [theta]) }
    public mutating func ry(_ theta: Parameter, _ q: Int) { append(.ry, [q], parameters: [theta]) }
    public mutating func rz(_ theta: Parameter, _ q: Int) { append(.rz, [q], parameters: [theta]) }
    public mutating func p(_ lambda: Parameter, _ q: Int) { append(.p, [q], parameters: [lambda]) }
    public mutating func u(_ theta: Parameter, _ phi: Parameter, _ lambda: Parameter, _ q: Int) {
        append(.u, [q], parameters: [theta, phi, lambda])
    }
    public mutating func u1(_ lambda: Parameter, _ q: Int) { append(.u1, [q], parameters: [lambda]) }
    public mutating func u2(_ phi: Parameter, _ lambda: Parameter, _ q: Int) { append(.u2, [q], parameters: [phi, lambda]) }
    public mutating func u3(_ theta: Parameter, _ phi: Parameter, _ lambda: Parameter, _ q: Int) {
        append(.u3, [q], parameters: [theta, phi, lambda])
    }
    public mutating func cx(_ c: Int, _ t: Int) { append(.x, [t], controls: [c]) }
    public mutating func cnot(_ c: Int, _ t: Int) { cx(c, t) }
    public mutating func cy(_ c: Int, _ t: Int) { append(.y, [t], controls: [c]) }
    public mutating func cz(_ c: Int, _ t: Int) { append(.z, [t], controls: [c]) }
    public mutating func ch(_ c: Int, _ t: Int) { append(.h, [t], controls: [c]) }
    public mutating func swap(_ a: Int, _ b: Int) { append(.swap, [a, b]) }
    public mutating func iswap(_ a: Int, _ b: Int) { append(.iswap, [a, b]) }
    public mutating func ecr(_ a: Int, _ b: Int) { append(.ecr, [a, b]) }
    public mutating func crx(_ theta: Parameter, _ c: Int, _ t: Int) { append(.rx, [t], controls: [c], parameters: [theta]) }
    public mutating func cry(_ theta: Parameter, _ c: Int, _ t: Int) { append(.ry, [t], controls: [c], parameters: [theta]) }
    public mutating func crz(_ theta: Parameter, _ c: Int, _ t: Int) { append(.rz, [t], controls: [c], parameters: [theta]) }
    public mutating func cp(_ lambda: Parameter, _ c: Int, _ t: Int) { append(.p, [t], controls: [c], parameters: [lambda]) }
    /// `cu(θ, φ, λ, γ) c, t`: controlled `e^{iγ}U(θ, φ, λ)`.
    public mutating func cu(_ theta: Parameter, _ phi: Parameter, _ lambda: Parameter, _ gamma: Parameter, _ c: Int, _ t: Int) {
        append(.phasedU, [t], controls: [c], parameters: [theta, phi, lambda, gamma])
    }
    public mutating func rxx(_ theta: Parameter, _ a: Int, _ b: Int) { append(.rxx, [a, b], parameters: [theta]) }
    public mutating func ryy(_ theta: Parameter, _ a: Int, _ b: Int) { append(.ryy, [a, b], parameters: [theta]) }
    public mutating func rzz(_ theta: Parameter, _ a: Int, _ b: Int) { append(.rzz, [a, b], parameters: [theta]) }
    public mutating func rzx(_ theta: Parameter, _ a: Int, _ b: Int) { append(.rzx, [a, b], parameters: [theta]) }
    public mutating func ccx(_ c0: Int, _ c1: Int, _ t: Int) { append(.x, [t], controls: [c0, c1]) }
    public mutating func cswap(_ c: Int, _ a: Int, _ b: Int) { append(.swap, [a, b], controls: [c]) }
    /// Any 1-qubit gate controlled on several qubits (all |1⟩).
    public mutating func multiControlled(_ gate: Gate, controls: [Int], target: Int, parameters: [Parameter] = []) {
        append(gate, [target], controls: controls, parameters: parameters)
    }
    /// An arbitrary dense unitary (row-major `2ᵏ×2ᵏ`) on `qubits` (first = most significant).
    public mutating func unitary(_ matrix: [Complex], _ qubits: [Int]) throws {
        guard matrix.count == 1 << (2 * qubits.count) else {
            throw QuantumSimError.invalidMatrix(reason: "\(matrix.count) entries for \(qubits.count) qubits (need \(1 << (2 * qubits.count)))")
        }
        try Self.checkUnitary(matrix, dimension: 1 << qubits.count)
        append(.unitary(matrix), qubits)
    }
    /// A diagonal unitary (`2ᵏ` unit-modulus entries) on `qubits`.
    public mutating func diagonal(_ entries: [Complex], _ qubits: [Int]) throws {
        guard entries.count == 1 << qubits.count else {
            throw QuantumSimError.invalidMatrix(reason: "\(entries.count) diagonal entries for \(qubits.count) qubits")
        }
        for (k, e) in entries.enumerated() where abs(e.magnitude - 1) > 1e-9 {
            throw QuantumSimError.invalidMatrix(reason: "diagonal entry \(k) has modulus \(e.magnitude), not 1")
        }
        append(.diagonal(entries), qubits)
    }
    /// Global phase `e^{iγ}`.
    public mutating func globalPhase(_ gamma: Parameter) { append(.globalPhase, [], parameters: [gamma]) }

    static func checkUnitary(_ m: [Complex], dimension d: Int) throws {
        for r in 0..<d { for c in 0..<d {
            var s = Complex.zero
            for k in 0..<d { s += m[r * d + k] * m[c * d + k].conjugate }
            let want = r == c ? 1.0 : 0.0
            if abs(s.re - want) > 1e-8 || abs(s.im) > 1e-8 {
                throw QuantumSimError.invalidMatrix(reason: "not unitary: (U·U†)[\(r),\(c)] = \(s)")
            }
        } }
    }
}
