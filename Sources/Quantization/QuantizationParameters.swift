import Foundation

/// Scales and zero points of one tensor under a `QuantizationScheme`.
///
/// `scales[j]`, `zeroPoints[j]` belong to parameter group j: j = 0 per tensor; the channel
/// index per channel; `row·groupsPerRow + column/g` per group of g (rows = axis 0).
public struct QuantizationParameters: Sendable, Equatable {
    public let scheme: QuantizationScheme
    /// The shape of the tensors these parameters apply to.
    public let shape: [Int]
    public let scales: [Float]
    public let zeroPoints: [Int32]

    /// Parameters given explicitly; throws when the counts don't fit the scheme and shape,
    /// a scale is not finite and positive, or a zero point lies outside [qmin, qmax].
    public init(scheme: QuantizationScheme, shape: [Int], scales: [Float], zeroPoints: [Int32]) throws {
        let expected = try QuantizationParameters.groupCount(scheme, shape)
        guard scales.count == expected, zeroPoints.count == expected else {
            throw QuantizationError.invalidScheme("\(scheme) on shape \(shape) needs \(expected) scales and zero points, got \(scales.count) and \(zeroPoints.count)")
        }
        if let bad = scales.first(where: { !($0.isFinite && $0 > 0) }) {
            throw QuantizationError.invalidScheme("scale \(bad) is not finite and positive")
        }
        if let bad = zeroPoints.first(where: { $0 < scheme.qmin || $0 > scheme.qmax }) {
            throw QuantizationError.invalidScheme("zero point \(bad) outside [\(scheme.qmin), \(scheme.qmax)] of \(scheme)")
        }
        self.scheme = scheme; self.shape = shape; self.scales = scales; self.zeroPoints = zeroPoints
    }

    /// Parameters from observed ranges, one (min, max) per group, as PyTorch's observers:
    /// affine: s = max((max⁺ − min⁻)/(qmax − qmin), ε), z = clamp(qmin − round(min⁻/s));
    /// symmetric: s = max(|min⁻|, max⁺)/((qmax − qmin)/2), z = 0 (signed) or ⌈(qmin+qmax)/2⌉ (unsigned),
    /// with min⁻ = min(min, 0), max⁺ = max(max, 0) so that 0 is exactly representable; ε = 2⁻²³.
    public init(scheme: QuantizationScheme, shape: [Int], minimums: [Float], maximums: [Float]) throws {
        precondition(minimums.count == maximums.count, "QuantizationParameters: \(minimums.count) minimums vs \(maximums.count) maximums")
        var scales = [Float](), zeros = [Int32]()
        let qmin = Float(scheme.qmin), qmax = Float(scheme.qmax), eps = Float.ulpOfOne
        for (lo, hi) in zip(minimums, maximums) {
            guard lo.isFinite && hi.isFinite else { throw QuantizationError.invalidScheme("observed range [\(lo), \(hi)] is not finite") }
            let minNeg = Swift.min(lo, 0), maxPos = Swift.max(hi, 0)
            if scheme.isSymmetric {
                let amax = Swift.max(-minNeg, maxPos)
                scales.append(Swift.max(amax / ((qmax - qmin) / 2), eps))
                zeros.append(scheme.isSigned ? 0 : (scheme.qmin + scheme.qmax + 1) / 2)
            } else {
                let s = Swift.max((maxPos - minNeg) / (qmax - qmin), eps)
                scales.append(s)
                zeros.append(Int32(Swift.min(Swift.max(qmin - (minNeg / s).rounded(), qmin), qmax)))
            }
        }
        try self.init(scheme: scheme, shape: shape, scales: scales, zeroPoints: zeros)
    }

    /// Min–max parameters fitted to `x` itself (the usual choice for weights). O(count).
    public static func fitted(to x: Tensor<Float>, scheme: QuantizationScheme) throws -> QuantizationParameters {
        let (lo, hi) = try groupRanges(x, scheme)
        return try QuantizationParameters(scheme: scheme, shape: x.shape, minimums: lo, maximums: hi)
    }

    /// Number of (scale, zero point) pairs for `scheme` on `shape`.
    public static func groupCount(_ scheme: QuantizationScheme, _ shape: [Int]) throws -> Int {
        switch scheme.granularity {
        case .perTensor: return 1
        case .perChannel(let axis):
            guard axis < shape.count else { throw QuantizationError.invalidScheme("channel axis \(axis) does not exist in shape \(shape)") }
            return shape[axis]
        case .perGroup(let g):
            guard let rows = shape.first else { throw QuantizationError.invalidScheme("per-group needs a tensor with a row axis, got shape \(shape)") }
            let rowLength = shape.dropFirst().reduce(1, *)
            return rows * ((rowLength + g - 1) / g)
        }
    }

    /// Per-group (min, max) of `x` under `scheme`'s granularity.
    public static func groupRanges(_ x: Tensor<Float>, _ scheme: QuantizationScheme) throws -> ([Float], [Float]) {
        let n = try groupCount(scheme, x.shape)
        var lo = [Float](repeating: .infinity, count: n), hi = [Float](repeating: -.infinity, count: n)
        let map = GroupMap(scheme, x.shape)
        x.withUnsafeBufferPointer { p in
            for i in 0..<p.count {
                let j = map.group(of: i), v = p[i]
                if v < lo[j] { lo[j] = v }
                if v > hi[j] { hi[j] = v }
            }
        }
        for j in 0..<n where lo[j] > hi[j] { lo[j] = 0; hi[j] = 0 }   // empty group (zero-size tensor)
        return (lo, hi)
    }

    /// Integer codes q = clamp(round(x/s) + z, qmin, qmax), row-major like `x`. O(count).
    public func quantize(_ x: Tensor<Float>) -> [Int32] {
        precondition(x.shape == shape, "QuantizationParameters.quantize: tensor \(x.shape) vs parameters for \(shape)")
        let map = GroupMap(scheme, shape)
        let qmin = Float(scheme.qmin), qmax = Float(scheme.qmax)
        let inverse = scales.map { 1 / $0 }
        return x.withUnsafeBufferPointer { p in
            (0..<p.count).map { i in
                let j = map.group(of: i)
                let q = (p[i] * inverse[j]).rounded() + Float(zeroPoints[j])
                return Int32(Swift.min(Swift.max(q, qmin), qmax))
            }
        }
    }

    /// x̂ = (q − z)·s. O(count).
    public func dequantize(_ codes: [Int32]) -> Tensor<Float> {
        precondition(codes.count == Tensor<Float>.count(of: shape), "QuantizationParameters.dequantize: \(codes.count) codes for shape \(shape)")
        let map = GroupMap(scheme, shape)
        return Tensor(shape: shape, scalars: codes.indices.map { i in
            let j = map.group(of: i)
            return Float(codes[i] - zeroPoints[j]) * scales[j]
        })
    }

    /// dequantize(quantize(x)): the values the integer model will see.
    public func fakeQuantize(_ x: Tensor<Float>) -> Tensor<Float> { dequantize(quantize(x)) }

    /// The scale of every element's group broadcast to `shape` (for autodiff fake-quant).
    public func elementwise(_ values: [Float]) -> Tensor<Float> {
        let map = GroupMap(scheme, shape)
        return Tensor(shape: shape, scalars: (0..<Tensor<Float>.count(of: shape)).map { values[map.group(of: $0)] })
    }
}

/// Flat element index → parameter group index, for one scheme and shape.
struct GroupMap {
    let kind: Int, inner: Int, size: Int, rowLength: Int, groupsPerRow: Int

    init(_ scheme: QuantizationScheme, _ shape: [Int]) {
        switch scheme.granularity {
        case .perTensor:
            (kind, inner, size, rowLength, groupsPerRow) = (0, 1, 1, 1, 1)
        case .perChannel(let axis):
            (kind, inner, size, rowLength, groupsPerRow) = (1, shape[(axis + 1)...].reduce(1, *), shape[axis], 1, 1)
        case .perGroup(let g):
            let row = shape.dropFirst().reduce(1, *)
            (kind, inner, size, rowLength, groupsPerRow) = (2, g, 1, Swift.max(row, 1), (row + g - 1) / g)
        }
    }

    @inline(__always) func group(of i: Int) -> Int {
        switch kind {
        case 0: return 0
        case 1: return (i / inner) % size
        default: return (i / rowLength) * groupsPerRow + (i % rowLength) / inner
        }
    }
}
