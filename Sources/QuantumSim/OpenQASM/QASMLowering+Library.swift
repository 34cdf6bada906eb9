/// The standard gate libraries, mapped onto Quanta gates with Qiskit's matrices
/// (`u1`, `u2`, `u3`, `rz` … without the global phases some library bodies carry).
extension QASMLowering {
    static func native(_ gate: Gate, controls: Int = 0) -> GateDefinition {
        .native(parameters: gate.parameterCount, qubits: controls + gate.qubitCount) { ps, qs in
            [Instruction(gate, targets: Array(qs[controls...]), controls: Array(qs[..<controls]), parameters: ps)]
        }
    }

    /// Gates shared by `qelib1.inc` and `stdgates.inc`.
    static let common: [String: GateDefinition] = [
        "id": native(.i), "x": native(.x), "y": native(.y), "z": native(.z), "h": native(.h),
        "s": native(.s), "sdg": native(.sdg), "t": native(.t), "tdg": native(.tdg), "sx": native(.sx),
        "rx": native(.rx), "ry": native(.ry), "rz": native(.rz), "p": native(.p),
        "u1": native(.u1), "u2": native(.u2), "u3": native(.u3),
        "cx": native(.x, controls: 1), "cy": native(.y, controls: 1), "cz": native(.z, controls: 1),
        "ch": native(.h, controls: 1), "cp": native(.p, controls: 1),
        "crx": native(.rx, controls: 1), "cry": native(.ry, controls: 1), "crz": native(.rz, controls: 1),
        "swap": native(.swap), "ccx": native(.x, controls: 2), "cswap": native(.swap, controls: 1),
        "cu": native(.phasedU, controls: 1),
    ]

    /// `qelib1.inc` (Qiskit's version, which adds p, sx, sxdg, csx, cu, rxx, rzz, c3x, c4x …).
    static let qelib1: [String: GateDefinition] = common.merging([
        "u": native(.u), "u0": .native(parameters: 1, qubits: 1) { _, qs in [Instruction(.i, targets: qs)] },
        "sxdg": native(.sxdg), "cu1": native(.u1, controls: 1), "cu3": native(.u3, controls: 1),
        "csx": native(.sx, controls: 1), "rxx": native(.rxx), "rzz": native(.rzz),
        "c3x": native(.x, controls: 3), "c3sqrtx": native(.sx, controls: 3), "c4x": native(.x, controls: 4),
    ]) { a, _ in a }

    /// `stdgates.inc` of OpenQASM 3.
    static let stdgates: [String: GateDefinition] = common.merging([
        "CX": native(.x, controls: 1), "phase": native(.p), "cphase": native(.p, controls: 1),
    ]) { a, _ in a }

    /// The relative-phase Toffolis of `qelib1.inc`, by their library bodies.
    static let qelib1Bodies = """
    gate rccx a,b,c { u2(0,pi) c; u1(pi/4) c; cx b, c; u1(-pi/4) c; cx a, c; u1(pi/4) c; cx b, c; u1(-pi/4) c; u2(0,pi) c; }
    gate rc3x a,b,c,d { u2(0,pi) d; u1(pi/4) d; cx c,d; u1(-pi/4) d; u2(0,pi) d; cx a,d; u1(pi/4) d; cx b,d;
      u1(-pi/4) d; cx a,d; u1(pi/4) d; cx b,d; u1(-pi/4) d; u2(0,pi) d; u1(pi/4) d; cx c,d; u1(-pi/4) d; u2(0,pi) d; }
    """
}
