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
