import CKernels

/// Arguments of the C kernels (CKernels, compiled per instruction set and dispatched at run
/// time): the element flag, raw state and matrix pointers, the inserter in C layout.
extension SimReal {
    /// The C kernels' element flag: 1 for complex64 (Float) states, 0 for complex128.
    @inline(__always)
    static var kernelFlag: Int32 { MemoryLayout<Self>.size == 4 ? 1 : 0 }
}

/// A 2×2 (or larger) complex matrix as the interleaved doubles the C kernels take.
@inline(__always)
func interleaved(_ m: UnsafePointer<Complex>) -> UnsafePointer<Double> {
    UnsafeRawPointer(m).assumingMemoryBound(to: Double.self)
}

extension ZeroInserter {
    /// The same positions as the C kernels' inserter.
    var cInserter: quanta_inserter {
        sorted.withUnsafeBufferPointer { s in
            s.withMemoryRebound(to: CLong.self) { quanta_inserter_make($0.baseAddress, Int32(s.count)) }
        }
    }
}

extension OneQubitKernels.Kind {
    /// The C kernels' matrix kind (QUANTA_PAIR_*).
    var cKind: Int32 {
        switch self {
        case .real: Int32(QUANTA_PAIR_REAL)
        case .realDiagonalImaginaryOff: Int32(QUANTA_PAIR_RXLIKE)
        case .general: Int32(QUANTA_PAIR_GENERAL)
        }
    }
}

/// The instruction set the C kernels run (`quanta_isa_active`), for reports and tests.
public enum KernelISA: Int32, Sendable, CaseIterable {
    case baseline = 0, avx2 = 1, avx512 = 2

    /// The set kernels called from this thread use now.
    public static var active: KernelISA { KernelISA(rawValue: Int32(quanta_isa_active().rawValue)) ?? .baseline }

    /// The best set this CPU supports.
    public static var supported: KernelISA { KernelISA(rawValue: Int32(quanta_isa_supported().rawValue)) ?? .baseline }

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
