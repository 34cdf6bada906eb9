import Foundation

/// A complex number in double precision, used for gate matrices, observables and results.
///
/// Amplitudes themselves live in interleaved real buffers (`re, im, re, im, …`) of the state's
/// element type; matrices are built in double precision and rounded once per use.
public struct Complex: Hashable, Sendable, CustomStringConvertible {
    /// Real part.
    public var re: Double
    /// Imaginary part.
    public var im: Double

    /// `re + i·im`.
    @inlinable public init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }

    /// 0.
    public static let zero = Complex(0, 0)
    /// 1.
    public static let one = Complex(1, 0)
    /// The imaginary unit.
    public static let i = Complex(0, 1)

    /// `e^{iφ} = cos φ + i sin φ`.
    @inlinable public static func expi(_ phi: Double) -> Complex { Complex(cos(phi), sin(phi)) }

    /// Complex conjugate.
    @inlinable public var conjugate: Complex { Complex(re, -im) }
    /// |z|².
    @inlinable public var magnitudeSquared: Double { re * re + im * im }
    /// |z|.
    @inlinable public var magnitude: Double { magnitudeSquared.squareRoot() }

    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    @inlinable public static prefix func - (a: Complex) -> Complex { Complex(-a.re, -a.im) }
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    @inlinable public static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
    @inlinable public static func / (a: Complex, b: Double) -> Complex { Complex(a.re / b, a.im / b) }
    @inlinable public static func += (a: inout Complex, b: Complex) { a = a + b }
    @inlinable public static func -= (a: inout Complex, b: Complex) { a = a - b }
    @inlinable public static func *= (a: inout Complex, b: Complex) { a = a * b }

    public var description: String {
        im >= 0 ? "\(re)+\(im)i" : "\(re)\(im)i"
    }
}

/// The real element type of a state vector: `Double` (complex128) or `Float` (complex64).
///
/// Kernels are generic over this protocol and specialised for both witnesses, so the hot
/// loops run on concrete types.
public protocol SimReal: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    /// Rounds a double to this type.
    init(_ value: Double)
    /// Widens to double.
    var double: Double { get }
    /// Short dtype name: "complex128" or "complex64".
    static var complexName: String { get }
}

extension Double: SimReal {
    @inlinable public var double: Double { self }
    public static var complexName: String { "complex128" }
}

extension Float: SimReal {
    @inlinable public var double: Double { Double(self) }
    public static var complexName: String { "complex64" }
}
