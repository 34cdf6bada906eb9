@_exported import NeuralNetworks

/// How a tensor is mapped to integers: bit width, sign, symmetric or affine, and the
/// granularity at which scales and zero points are shared.
///
/// Integer range (`qmin…qmax`):
/// - signed symmetric: [−(2^(b−1) − 1), 2^(b−1) − 1] (narrow range: [−127, 127] at 8 bits, so
///   −q is always representable and the int8 GEMM cannot hit −128·−128);
/// - signed affine: [−2^(b−1), 2^(b−1) − 1];
/// - unsigned: [0, 2^b − 1].
///
/// Quantise: q = clamp(round(x/s) + z, qmin, qmax) (round half away from zero, as
/// `Float.rounded()`); dequantise: x̂ = (q − z)·s.
public struct QuantizationScheme: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Where one scale/zero point applies.
    public enum Granularity: Sendable, Equatable, Codable {
        /// One pair for the whole tensor.
        case perTensor
        /// One pair per index of `axis` (0 = output channel for Linear [out, in] and Conv2D [O, C, KH, KW]).
        case perChannel(axis: Int)
        /// Per output row (axis 0), groups of `size` consecutive elements of the flattened rest share a pair.
        case perGroup(size: Int)
    }

    /// Bits per value, 1…8.
    public let bits: Int
    /// Signed (two's complement) or unsigned codes.
    public let isSigned: Bool
    /// Symmetric (zero point 0 for signed, 2^(b−1) for unsigned) or affine (zero point fitted).
    public let isSymmetric: Bool
    public let granularity: Granularity

    /// A scheme; throws for a bit width outside 1…8, a group size < 1, or signed 1-bit symmetric (no positive code).
    public init(bits: Int, signed: Bool, symmetric: Bool, granularity: Granularity = .perTensor) throws {
        guard (1...8).contains(bits) else { throw QuantizationError.invalidScheme("bits must be in 1...8, got \(bits)") }
        if case .perGroup(let g) = granularity, g < 1 { throw QuantizationError.invalidScheme("group size must be ≥ 1, got \(g)") }
        if case .perChannel(let axis) = granularity, axis < 0 { throw QuantizationError.invalidScheme("channel axis must be ≥ 0, got \(axis)") }
        if signed && symmetric && bits == 1 { throw QuantizationError.invalidScheme("signed symmetric 1-bit has no positive code; use unsigned or affine") }
        self.bits = bits; self.isSigned = signed; self.isSymmetric = symmetric; self.granularity = granularity
    }

    /// Smallest code.
    public var qmin: Int32 {
        if !isSigned { return 0 }
        return isSymmetric ? -(Int32(1) << (bits - 1)) + 1 : -(Int32(1) << (bits - 1))
    }
    /// Largest code.
    public var qmax: Int32 { isSigned ? (Int32(1) << (bits - 1)) - 1 : (Int32(1) << bits) - 1 }

    /// Weights as TFLite/PyTorch x86: int8 symmetric per output channel, codes in [−127, 127].
    public static func weights(bits: Int = 8, granularity: Granularity = .perChannel(axis: 0)) throws -> QuantizationScheme {
        try QuantizationScheme(bits: bits, signed: true, symmetric: true, granularity: granularity)
    }
    /// Activations: per-tensor affine, uint8 [0, 255] (default) or int8 [−128, 127].
    public static func activations(bits: Int = 8, signed: Bool = false) throws -> QuantizationScheme {
        try QuantizationScheme(bits: bits, signed: signed, symmetric: false, granularity: .perTensor)
    }
    /// int8 symmetric per output channel (the PTQ weight default).
    public static let int8PerChannel = try! weights()
    /// int8 symmetric per tensor.
    public static let int8PerTensor = try! weights(granularity: .perTensor)
    /// uint8 per-tensor affine (the PTQ activation default).
    public static let uint8Affine = try! activations()

    public var description: String {
        let g: String
        switch granularity {
        case .perTensor: g = "tensor"
        case .perChannel(let axis): g = "channel(axis \(axis))"
        case .perGroup(let size): g = "group(\(size))"
        }
        return "\(isSigned ? "int" : "uint")\(bits) \(isSymmetric ? "symmetric" : "affine") per-\(g)"
    }
}

