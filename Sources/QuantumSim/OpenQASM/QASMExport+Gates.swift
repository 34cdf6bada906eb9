import Foundation

/// Writing exporter primitives as OpenQASM 3 (with `ctrl @` modifiers) and OpenQASM 2 (with
/// multi-controlled gates decomposed into qelib1.inc gates).
extension QASMEmitter {
    /// `e^{iγ}·U(θ, φ, λ)` parameters of a one-qubit primitive.
    func zyz(_ op: ExportOp) -> [Parameter] {
        let p = op.parameters
        switch op.gate {
        case .rx: return [p[0], .constant(-.pi / 2), .constant(.pi / 2), 0]
        case .ry: return [p[0], 0, 0, 0]
        case .rz: return [0, 0, p[0], -0.5 * p[0]]
        case .p, .u1: return [0, 0, p[0], 0]
        case .u: return p + [0]
        case .phasedU: return p
        default:
            let m = op.gate.matrix([])
            let a = Synthesis.zyz(m)
            return [.constant(a.theta), .constant(a.phi), .constant(a.lambda), .constant(a.gamma)]
        }
    }

    func call(_ name: String, _ ps: [Parameter], _ qs: [Int]) throws -> String {
        let args = ps.isEmpty ? "" : "(" + (try ps.map(text).joined(separator: ", ")) + ")"
        return "\(name)\(args) " + qs.map(qubit).joined(separator: ", ") + ";"
    }

    static let plainNames: [Gate: String] = [.i: "id", .x: "x", .y: "y", .z: "z", .h: "h", .s: "s", .sdg: "sdg", .t: "t",
                                              .tdg: "tdg", .sx: "sx", .rx: "rx", .ry: "ry", .rz: "rz", .p: "p", .u1: "p"]

    // MARK: OpenQASM 3

    func qasm3(_ op: ExportOp) throws -> [String] {
        let k = op.controls.count
        let mod = k == 0 ? "" : k == 1 ? "ctrl @ " : "ctrl(\(k)) @ "
        guard let t = op.target else {
            if k == 0 { return ["gphase(\(try text(op.parameters[0])));"] }
            let m = k == 1 ? "" : k == 2 ? "ctrl @ " : "ctrl(\(k - 1)) @ "
            return [m + (try call("p", op.parameters, op.controls))]
        }
        if op.gate == .i { return k == 0 ? [try call("id", [], [t])] : [] }
        if k == 1, let n = [Gate.x: "cx", .y: "cy", .z: "cz", .h: "ch", .p: "cp", .u1: "cp", .rx: "crx", .ry: "cry", .rz: "crz"][op.gate] {
            return [try call(n, op.parameters, op.controls + [t])]
        }
        if k == 2 && op.gate == .x { return [try call("ccx", [], op.controls + [t])] }
        if let n = Self.plainNames[op.gate] { return [mod + (try call(n, op.parameters, op.controls + [t]))] }
        if op.gate == .sxdg { return [mod + "inv @ " + (try call("sx", [], op.controls + [t]))] }
        let a = zyz(op)
        if k == 1 { return [try call("cu", a, op.controls + [t])] }
        var out = [mod + (try call("U", Array(a[0..<3]), op.controls + [t]))]
        if !(a[3].isConstant && a[3].offset == 0) {
            out += try qasm3(ExportOp(gate: .globalPhase, parameters: [a[3]], target: nil, controls: op.controls))
        }
        return out
    }

    // MARK: OpenQASM 2

    /// Gates of the original `qelib1.inc` (what `qiskit.qasm2.loads` knows without custom
    /// instructions); everything else is written with these.
    static let qelib1Names: [Gate: String] = [.i: "id", .x: "x", .y: "y", .z: "z", .h: "h", .s: "s", .sdg: "sdg", .t: "t",
                                              .tdg: "tdg", .rx: "rx", .ry: "ry", .rz: "rz", .p: "u1", .u1: "u1"]

    func qasm2(_ op: ExportOp) throws -> [String] {
        let c = op.controls, k = c.count
        guard let t = op.target else { return try phase(op.parameters[0], on: c) }
        if op.gate == .i && k > 0 { return [] }
        if k == 0, let n = Self.qelib1Names[op.gate] { return [try call(n, op.parameters, [t])] }
        if k == 1, let n = [Gate.x: "cx", .y: "cy", .z: "cz", .h: "ch", .rz: "crz", .p: "cu1", .u1: "cu1"][op.gate] {
            return [try call(n, op.parameters, c + [t])]
        }
        if op.gate == .x { return try mcx(c, t) }
        let a = zyz(op)
        if k == 0 { return [try call("u3", Array(a[0..<3]), [t])] }
        if k == 1 { return [try call("cu3", Array(a[0..<3]), c + [t])] + (try phase(a[3], on: c)) }
        // Barenco et al. Lemma 7.9: U(θ,φ,λ) = e^{i(φ+λ)/2}·A·X·B·X·C with A·B·C = I, where
        // A = RZ(φ)RY(θ/2), B = RY(−θ/2)RZ(−(φ+λ)/2), C = RZ((λ−φ)/2); the phase goes on the controls.
        // Each RZ is split per parameter so every angle stays affine in one input.
        let (theta, phi, lambda) = (a[0], a[1], a[2])
        var out = try rotations([(.rz, 0.5 * lambda), (.rz, -0.5 * phi)], t)
        out += try mcx(c, t)
        out += try rotations([(.rz, -0.5 * phi), (.rz, -0.5 * lambda), (.ry, -0.5 * theta)], t)
        out += try mcx(c, t)
        out += try rotations([(.ry, 0.5 * theta), (.rz, phi)], t)
        for g in [0.5 * phi, 0.5 * lambda, a[3]] { out += try phase(g, on: c) }
        return out
    }

    /// Uncontrolled rz/ry rotations in order, skipping zero angles.
    func rotations(_ rs: [(Gate, Parameter)], _ t: Int) throws -> [String] {
        try rs.filter { !($0.1.isConstant && $0.1.offset == 0) }.map { try call($0.0 == .rz ? "rz" : "ry", [$0.1], [t]) }
    }

    /// C^k R(a) for R = RZ or RY: R(a/2) · C^k X · R(−a/2) · C^k X (X flips the rotation's sign).
    func controlledRotation(_ g: Gate, _ a: Parameter, _ c: [Int], _ t: Int) throws -> [String] {
        if a.isConstant && a.offset == 0 { return [] }
        let n = g == .rz ? "rz" : "ry"
        return [try call(n, [0.5 * a], [t])] + (try mcx(c, t)) + [try call(n, [-0.5 * a], [t])] + (try mcx(c, t))
    }

    /// The phase e^{iλ} on the state where every qubit of `s` is 1 (nothing on no qubits: global).
    func phase(_ lambda: Parameter, on s: [Int]) throws -> [String] {
        if s.isEmpty || (lambda.isConstant && lambda.offset == 0) { return [] }
        if s.count == 1 { return [try call("u1", [lambda], s)] }
        if s.count == 2 { return [try call("cu1", [lambda], s)] }
        // C^m P(λ) = C^m RZ(λ) on the last qubit, and e^{iλ/2} on the others.
        let rest = Array(s.dropLast())
        return try controlledRotation(.rz, lambda, rest, s.last!) + phase(0.5 * lambda, on: rest)
    }

    /// Multi-controlled X: x, cx, ccx; more controls by Barenco et al. (1995) Lemma 7.5 with V = √X:
    /// C^k X = C(V)[c_k→t] · C^{k−1}X[→c_k] · C(V†)[c_k→t] · C^{k−1}X[→c_k] · C^{k−1}(V)[→t].
    func mcx(_ c: [Int], _ t: Int) throws -> [String] {
        switch c.count {
        case 0: return [try call("x", [], [t])]
        case 1: return [try call("cx", [], c + [t])]
        case 2: return [try call("ccx", [], c + [t])]
        default:
            let last = c.last!, rest = Array(c.dropLast())
            return try qasm2(.one(.sx, [], t, controls: [last])) + mcx(rest, last) + qasm2(.one(.sxdg, [], t, controls: [last]))
                + mcx(rest, last) + qasm2(.one(.sx, [], t, controls: rest))
        }
    }
}
