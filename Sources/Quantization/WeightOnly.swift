/// Weights stored as bit-packed low-bit codes with per-channel or per-group scales (and zero
/// points when affine): round-to-nearest (RTN) weight-only quantization.
///
/// Layout: matrix [N, K] (Conv2D weights flattened to [O, C·KH·KW]); code u = q − qmin ∈
/// [0, 2^b − 1] packed LSB-first, each row starting on a byte boundary (⌈K·b/8⌉ bytes per row).
public struct PackedWeights: Sendable {
    public let rows: Int, columns: Int
    public let parameters: QuantizationParameters
    public let packed: [UInt8]
    public var bits: Int { parameters.scheme.bits }
    public var rowBytes: Int { (columns * bits + 7) / 8 }

    /// Quantises `weight` [N, K] (round to nearest, min–max range per group) under `scheme`.
    public init(_ weight: Tensor<Float>, scheme: QuantizationScheme) throws {
        precondition(weight.rank == 2, "PackedWeights: weight must be [N, K], got \(weight.shape)")
        let parameters = try QuantizationParameters.fitted(to: weight, scheme: scheme)
        self.init(codes: parameters.quantize(weight), parameters: parameters)
    }

    /// Packs integer codes q ∈ [qmin, qmax] of a [N, K] matrix (row-major) under `parameters`
    /// (a learned rounding's result).
    public init(codes: [Int32], parameters: QuantizationParameters) {
        precondition(parameters.shape.count == 2 && codes.count == parameters.shape[0] * parameters.shape[1],
                     "PackedWeights: \(codes.count) codes for parameters of shape \(parameters.shape)")
        rows = parameters.shape[0]
        columns = parameters.shape[1]
        self.parameters = parameters
        let b = parameters.scheme.bits, rowBytes = (columns * b + 7) / 8, qmin = parameters.scheme.qmin
        var out = [UInt8](repeating: 0, count: rows * rowBytes)
        for r in 0..<rows {
            for c in 0..<columns {
                let u = UInt32(codes[r * columns + c] - qmin), bit = c * b
                let v = u << UInt32(bit % 8)
                out[r * rowBytes + bit / 8] |= UInt8(truncatingIfNeeded: v)
                if bit % 8 + b > 8 { out[r * rowBytes + bit / 8 + 1] |= UInt8(truncatingIfNeeded: v >> 8) }
            }
        }
        packed = out
    }

    /// Packed weights as stored (a file): `packed` holds ⌈K·b/8⌉ bytes per row. Throws
    /// `QuantizationError.invalidArgument` when `parameters` are not for [rows, columns] at 2…8 bits,
    /// the byte count is wrong, a code exceeds qmax − qmin or a row's padding bits are not zero.
    public init(rows: Int, columns: Int, parameters: QuantizationParameters, packed: [UInt8]) throws {
        let b = parameters.scheme.bits
        guard rows > 0, columns > 0, parameters.shape == [rows, columns], (2...8).contains(b) else {
            throw QuantizationError.invalidArgument("packed weights [\(rows), \(columns)] do not fit parameters for \(parameters.shape) at \(b) bits")
        }
        let rowBytes = (columns * b + 7) / 8
        guard packed.count == rows * rowBytes else {
            throw QuantizationError.invalidArgument("\(packed.count) packed bytes, expected \(rows * rowBytes) (\(rows) rows of \(rowBytes))")
        }
        let largest = UInt32(parameters.scheme.qmax - parameters.scheme.qmin)
        let usedBits = columns * b
        try packed.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                let row = p.baseAddress! + r * rowBytes
                for c in 0..<columns {
                    let v = Self.field(row, column: c, bits: b)
                    guard v <= largest else {
                        throw QuantizationError.invalidArgument("row \(r), column \(c): code \(v) exceeds \(largest) (the largest of \(parameters.scheme))")
                    }
                }
                // Bits past the last code in a row's final byte must be zero, so equal models have equal files.
                if usedBits % 8 != 0, row[rowBytes - 1] >> UInt8(usedBits % 8) != 0 {
                    throw QuantizationError.invalidArgument("row \(r): padding bits after the last code are not zero")
                }
            }
        }
        self.rows = rows; self.columns = columns; self.parameters = parameters; self.packed = packed
    }

    /// Writes rows r0..<r1 dequantised, ŵ = (u + qmin − z)·s, into `out` ([r1 − r0, K]). O((r1 − r0)·K).
    func dequantizeRows(_ r0: Int, _ r1: Int, into out: UnsafeMutablePointer<Float>) {
        let b = bits, qmin = parameters.scheme.qmin
        let map = GroupMap(parameters.scheme, [rows, columns])
        packed.withUnsafeBufferPointer { p in
            parameters.scales.withUnsafeBufferPointer { scales in
                parameters.zeroPoints.withUnsafeBufferPointer { zeros in
                    for r in r0..<r1 {
                        let row = p.baseAddress! + r * rowBytes
                        let o = out + (r - r0) * columns
                        for c in 0..<columns {
                            let j = map.group(of: r * columns + c)
                            o[c] = Float(Int32(Self.field(row, column: c, bits: b)) + qmin - zeros[j]) * scales[j]
                        }
                    }
                }
            }
        }
    }

    /// The whole dequantised matrix [N, K].
    public func dequantized() -> Tensor<Float> {
        Tensor(shape: [rows, columns]) { dequantizeRows(0, rows, into: $0) }
    }

    /// Bytes: packed codes + 4 per scale (+ 4 per zero point when affine).
    public var byteCount: Int { packed.count + 4 * parameters.scales.count + (parameters.scheme.isSymmetric ? 0 : 4 * parameters.zeroPoints.count) }
}

/// A Linear layer with RTN weight-only quantization: y = x·Ŵᵀ + b, where Ŵ is dequantised
/// on the fly, 64 rows at a time, into a small float tile multiplied by one SGEMM
/// (so the float weight matrix never exists whole). O(B·N·K) + O(N·K) dequantisation.
public final class WeightOnlyLinear: Layer {
    public let weights: PackedWeights
    public let bias: Tensor<Float>?
    /// Fake quantization of the input (mixed-precision models), nil for float inputs.
    public var input: InputQuantizer?
    public var isTraining = false
    static let tileRows = 64

    public init(_ linear: Linear<Float>, scheme: QuantizationScheme) throws {
        weights = try PackedWeights(linear.weight.value, scheme: scheme)
        bias = linear.bias?.value
    }

    /// A layer from stored packed weights [N, K] and an optional bias [N] (throws when the bias does not fit).
    public init(weights: PackedWeights, bias: Tensor<Float>?) throws {
        if let bias, bias.shape != [weights.rows] {
            throw QuantizationError.invalidArgument("bias has shape \(bias.shape), expected [\(weights.rows)]")
        }
        self.weights = weights; self.bias = bias
    }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let (n, k) = (weights.rows, weights.columns)
        precondition(x.value.rank == 2 && x.shape[1] == k, "WeightOnlyLinear: input \(x.shape) does not end in \(k)")
        let m = x.shape[0]
        var y = Tensor<Float>.zeros([m, n])
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: Self.tileRows * k)
        defer { tile.deallocate() }
        let value = input.map { $0(x.value) } ?? x.value
        value.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for r0 in stride(from: 0, to: n, by: Self.tileRows) {
                    let r1 = Swift.min(r0 + Self.tileRows, n)
                    weights.dequantizeRows(r0, r1, into: tile)
                    Float.gemm(transA: false, transB: true, m: m, n: r1 - r0, k: k, alpha: 1, a: xp.baseAddress!, lda: k,
                               b: tile, ldb: k, beta: 0, c: yp.baseAddress! + r0, ldc: n)
                }
            }
        }
        if let bias { y = y + bias }
        return Variable(y)
    }

    public var namedParameters: [(name: String, variable: Variable<Float>)] { [] }
}

/// A Conv2D with RTN weight-only quantization: the packed weight [O, C·KH·KW] is dequantised on
/// each call and convolved in float.
public final class WeightOnlyConv2D: Layer {
    public let weights: PackedWeights
    public let weightShape: [Int]
    public let bias: Tensor<Float>?
    public let config: Conv2DConfig
    /// Fake quantization of the input (mixed-precision models), nil for float inputs.
    public var input: InputQuantizer?
    public var isTraining = false

    public init(_ conv: Conv2D<Float>, scheme: QuantizationScheme) throws {
        weightShape = conv.weight.shape
        weights = try PackedWeights(conv.weight.value.reshaped([weightShape[0], -1]), scheme: scheme)
        bias = conv.bias?.value
        config = conv.config
    }

    /// A layer from stored packed weights [O, C·KH·KW], the float weight's shape [O, C, KH, KW],
    /// an optional bias [O] and the convolution's geometry (throws when they do not fit together).
    public init(weights: PackedWeights, weightShape: [Int], bias: Tensor<Float>?, config: Conv2DConfig) throws {
        guard weightShape.count == 4, weightShape[0] == weights.rows, weightShape.dropFirst().reduce(1, *) == weights.columns else {
            throw QuantizationError.invalidArgument("weight shape \(weightShape) does not fit packed weights [\(weights.rows), \(weights.columns)]")
        }
        if let bias, bias.shape != [weights.rows] {
            throw QuantizationError.invalidArgument("bias has shape \(bias.shape), expected [\(weights.rows)]")
        }
        self.weights = weights; self.weightShape = weightShape; self.bias = bias; self.config = config
    }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        let value = input.map { $0(x.value) } ?? x.value
        return Variable(Tensor.conv2d(value, weights.dequantized().reshaped(weightShape), bias: bias, config))
    }

    public var namedParameters: [(name: String, variable: Variable<Float>)] { [] }
}

/// A layer holding packed weight-only codes (`WeightOnlyLinear`, `WeightOnlyConv2D`).
public protocol WeightOnlyLayer: Layer where Scalar == Float {
    var weights: PackedWeights { get }
    var bias: Tensor<Float>? { get }
    /// The input's fake quantization, when the model quantizes activations too.
    var input: InputQuantizer? { get set }
}

extension WeightOnlyLinear: WeightOnlyLayer {}
extension WeightOnlyConv2D: WeightOnlyLayer {}

/// Weight-only quantization of a whole model: every `Quantizable` leaf of its layer tree.
public enum WeightOnlyQuantization {
    /// A copy of `model` whose `Quantizable` layers (Linear, Conv2D, at any depth) hold packed
    /// `scheme` weights from `rounding`; other layers are shared with `model`.
    public static func quantize(_ model: Sequential<Float>, scheme: QuantizationScheme,
                                rounding: any WeightRounding = RoundToNearest()) throws -> Sequential<Float> {
        try model.mappingLeaves { _, leaf in
            guard let layer = leaf as? any Quantizable else { return nil }
            return try layer.weightOnly(try rounding.round(layer.weightMatrix, scheme: scheme))
        }
    }

    /// `quantize` with round-to-nearest.
    public static func roundToNearest(_ model: Sequential<Float>, scheme: QuantizationScheme) throws -> Sequential<Float> {
        try quantize(model, scheme: scheme)
    }

    /// Bytes of a weight-only model: packed weights and their parameters, float biases and every
    /// other leaf's parameters and buffers at 4 bytes per value.
    public static func byteCount(_ model: Sequential<Float>) -> Int {
        model.leaves.reduce(0) { total, entry in
            if let l = entry.layer as? any WeightOnlyLayer { return total + l.weights.byteCount + 4 * (l.bias?.count ?? 0) }
            let layer = entry.layer
            return total + 4 * (layer.parameterCount + layer.namedBuffers.reduce(0) { $0 + $1.tensor.count })
        }
    }
}

extension PackedWeights {
    /// The codes q = u + qmin as int8, [N, K] row-major: what the integer GEMMs (VNNI) read (computed
    /// modulo 256, exact since q fits in int8). O(N·K).
    public func int8Codes() -> [Int8] {
        let b = bits, qmin = Int8(parameters.scheme.qmin)
        return [Int8](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            packed.withUnsafeBufferPointer { p in
                for r in 0..<rows {
                    let row = p.baseAddress! + r * rowBytes
                    for c in 0..<columns { out[r * columns + c] = Int8(truncatingIfNeeded: Self.field(row, column: c, bits: b)) &+ qmin }
                }
            }
            initialized = rows * columns
        }
    }

    /// The unsigned b-bit field u of column c in a packed row (low bits first; a field may span two bytes).
    @inline(__always)
    static func field(_ row: UnsafePointer<UInt8>, column c: Int, bits b: Int) -> UInt32 {
        let bit = c * b, shift = UInt32(bit % 8)
        var v = UInt32(row[bit / 8]) >> shift
        if Int(shift) + b > 8 { v |= UInt32(row[bit / 8 + 1]) << (8 - shift) }
        return v & UInt32((1 << b) - 1)
    }
}
