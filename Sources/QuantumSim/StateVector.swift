import Foundation

/// Owns an aligned interleaved buffer of `2·2ⁿ` reals.
@usableFromInline
final class AmplitudeStorage<R: SimReal>: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<R>
    @usableFromInline let count: Int   // reals, = 2·2ⁿ

    @usableFromInline init(reals: Int) {
        count = reals
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(reals, 1) * MemoryLayout<R>.stride, alignment: 64)
        pointer = raw.bindMemory(to: R.self, capacity: max(reals, 1))
    }

    @usableFromInline func copy() -> AmplitudeStorage<R> {
        let c = AmplitudeStorage(reals: count)
        c.pointer.update(from: pointer, count: count)
        return c
    }

    deinit { pointer.deallocate() }
}

/// An n-qubit pure state as 2ⁿ complex amplitudes in interleaved storage (`re, im, re, im, …`).
///
/// Basis index `i = Σ_q b_q·2^q`: qubit 0 is the least significant bit. `R = Double` gives
/// complex128 amplitudes, `R = Float` complex64. Value semantics (copy-on-write).
/// Memory: `2ⁿ · 2 · MemoryLayout<R>.size` bytes.
public struct StateVector<R: SimReal>: @unchecked Sendable {
    @usableFromInline var storage: AmplitudeStorage<R>
    /// Number of qubits n.
    public let qubitCount: Int

    /// Number of amplitudes, 2ⁿ.
    @inlinable public var dimension: Int { 1 << qubitCount }

    /// |0…0⟩ on `qubitCount` qubits.
    ///
    /// Throws `QuantumSimError.stateTooLarge` before allocating when the state would not fit in
    /// the memory currently available (from `/proc/meminfo`, `MemAvailable`).
    public init(qubits qubitCount: Int) throws {
        guard qubitCount >= 0, qubitCount < 62 else {
            throw QuantumSimError.invalidArgument("a state needs 0...61 qubits, got \(qubitCount)")
        }
        let bytes = Double(MemoryLayout<R>.size) * 2 * pow(2.0, Double(qubitCount))
        let available = Self.availableMemoryBytes()
        if bytes > available {
            throw QuantumSimError.stateTooLarge(qubits: qubitCount, bytes: bytes, available: available)
        }
        self.qubitCount = qubitCount
        storage = AmplitudeStorage(reals: 2 << qubitCount)
        resetToZeroState()
    }

    /// A state from explicit amplitudes (`amplitudes.count` must be a power of two); not normalised.
    public init(amplitudes: [Complex]) {
        let n = amplitudes.count.trailingZeroBitCount
        precondition(amplitudes.count == 1 << n, "amplitude count \(amplitudes.count) is not a power of two")
        qubitCount = n
        storage = AmplitudeStorage(reals: 2 << n)
        for (i, a) in amplitudes.enumerated() {
            storage.pointer[2 * i] = R(a.re)
            storage.pointer[2 * i + 1] = R(a.im)
        }
    }

    /// The memory work may use (`MemoryBudget.availableBytes()`: `MemAvailable`, lowered by
    /// `QUANTA_MEMORY_LIMIT`).
    public static func availableMemoryBytes() -> Double {
        MemoryBudget.availableBytes()
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Sets the state to |0…0⟩.
    public mutating func resetToZeroState() {
        makeUnique()
        zeroFill(storage.pointer, count: storage.count)
        storage.pointer[0] = 1
    }

    /// Sets the state to the computational basis state |index⟩.
    public mutating func setBasisState(_ index: Int) {
        precondition(index >= 0 && index < dimension, "basis index \(index) out of range 0..<\(dimension)")
        makeUnique()
        zeroFill(storage.pointer, count: storage.count)
        storage.pointer[2 * index] = 1
    }

    /// Amplitude ⟨i|ψ⟩.
    public subscript(index: Int) -> Complex {
        get {
            precondition(index >= 0 && index < dimension, "basis index \(index) out of range 0..<\(dimension)")
            return Complex(storage.pointer[2 * index].double, storage.pointer[2 * index + 1].double)
        }
        set {
            precondition(index >= 0 && index < dimension, "basis index \(index) out of range 0..<\(dimension)")
            makeUnique()
            storage.pointer[2 * index] = R(newValue.re)
            storage.pointer[2 * index + 1] = R(newValue.im)
        }
    }

    /// All amplitudes as double-precision complex numbers (O(2ⁿ) copy).
    public var amplitudes: [Complex] {
        (0..<dimension).map { Complex(storage.pointer[2 * $0].double, storage.pointer[2 * $0 + 1].double) }
    }

    /// Read access to the interleaved reals (`2·2ⁿ` of them).
    @inlinable public func withUnsafeReals<T>(_ body: (UnsafeBufferPointer<R>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Write access to the interleaved reals (`2·2ⁿ` of them).
    @inlinable public mutating func withUnsafeMutableReals<T>(_ body: (UnsafeMutableBufferPointer<R>) throws -> T) rethrows -> T {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// ‖ψ‖² = Σ|aᵢ|², accumulated in double precision.
    public var normSquared: Double {
        let p = storage.pointer
        var s0 = 0.0, s1 = 0.0
        for i in stride(from: 0, to: storage.count, by: 2) {
            s0 += p[i].double * p[i].double
            s1 += p[i + 1].double * p[i + 1].double
        }
        return s0 + s1
    }

    /// Divides by ‖ψ‖.
    public mutating func normalize() {
        let s = R(1 / normSquared.squareRoot())
        makeUnique()
        let p = storage.pointer
        for i in 0..<storage.count { p[i] *= s }
    }

    /// ⟨self|other⟩ = Σ conj(aᵢ)·bᵢ in double precision.
    public func inner(_ other: StateVector<R>) -> Complex {
        precondition(other.qubitCount == qubitCount, "inner product of \(qubitCount)- and \(other.qubitCount)-qubit states")
        let a = storage.pointer, b = other.storage.pointer
        var re = 0.0, im = 0.0
        for i in stride(from: 0, to: storage.count, by: 2) {
            let ar = a[i].double, ai = a[i + 1].double, br = b[i].double, bi = b[i + 1].double
            re += ar * br + ai * bi
            im += ar * bi - ai * br
        }
        return Complex(re, im)
    }

    /// A random normalised state (Gaussian amplitudes), for tests and benchmarks.
    public static func random(qubits: Int, rng: inout RandomGenerator) -> StateVector<R> {
        var amps = [Complex]()
        amps.reserveCapacity(1 << qubits)
        for _ in 0..<(1 << qubits) { amps.append(Complex(rng.nextNormal(), rng.nextNormal())) }
        var s = StateVector(amplitudes: amps)
        s.normalize()
        return s
    }
}

import Tensor
