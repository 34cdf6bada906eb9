extension Gate {
    /// Every gate kind without data of its own (all but `unitary` and `diagonal`), in a fixed
    /// order: the one list that tests and tools enumerate.
    public static let standardKinds: [Gate] = fixedKinds + parametricKinds

    /// The kinds without parameters.
    public static let fixedKinds: [Gate] = [.i, .x, .y, .z, .h, .s, .sdg, .t, .tdg, .sx, .sxdg, .swap, .iswap, .ecr]

    /// The kinds with parameters.
    public static let parametricKinds: [Gate] = [.rx, .ry, .rz, .p, .u, .u1, .u2, .u3, .phasedU, .rxx, .ryy, .rzz, .rzx, .globalPhase]
}
