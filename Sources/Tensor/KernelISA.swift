import CKernels

/// The instruction set the C kernels run (`quanta_isa_active`), for reports and tests.
public enum KernelISA: Int32, Sendable, CaseIterable {
    case baseline = 0, avx2 = 1, avx512 = 2

    /// The set kernels called from this thread use now.
    public static var active: KernelISA { KernelISA(rawValue: Int32(quanta_isa_active().rawValue)) ?? .baseline }

    /// The best set this CPU supports.
    public static var supported: KernelISA { KernelISA(rawValue: Int32(quanta_isa_supported().rawValue)) ?? .baseline }

    /// Every set this CPU runs, lowest first (tests run each).
    public static var runnable: [KernelISA] { allCases.filter { $0.rawValue <= supported.rawValue } }

    /// "baseline", "avx2" or "avx512".
    public var name: String { String(cString: quanta_isa_name(quanta_isa(rawValue: UInt32(rawValue)))) }

    /// Runs `body` with this thread's kernels forced to `isa` (lowered to what the CPU supports);
    /// kernels on other threads are not affected, so pass `threads: 1` to the code inside.
    public static func with<T>(_ isa: KernelISA, _ body: () throws -> T) rethrows -> T {
        let previous = quanta_isa_override(isa.rawValue)
        defer { _ = quanta_isa_override(previous) }
        return try body()
    }
}
