/// An n-dimensional array of `Float` or `Double` in row-major order.
///
/// `Tensor` is a value: copies share storage until one of them is written to
/// (copy-on-write through the underlying `Array`). Element `[i0, i1, …]` lives at
/// `Σ i_k · strides[k]` in `scalars`.
public struct Tensor<Scalar: TensorScalar>: Sendable, Equatable {
    /// The size of each axis; `[]` is a scalar (one element).
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    /// Mutate them in place through `withUnsafeMutableBufferPointer` or the subscript.
    public internal(set) var scalars: [Scalar]

    /// A tensor of the given shape and elements (row-major).
    public init(shape: [Int], scalars: [Scalar]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        precondition(scalars.count == Tensor.count(of: shape), "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape filled with `value`.
    public init(repeating value: Scalar, shape: [Int]) {
        // Through the concrete fill kernel: Array(repeating:) is slow from generic code.
        self.init(shape: shape) { Scalar.fillKernel($0, value, Tensor.count(of: shape)) }
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A 0-d tensor holding one value.
    public init(_ value: Scalar) { self.init(shape: [], scalars: [value]) }

    /// A 1-d tensor of the given values.
    public init(_ values: [Scalar]) { self.init(shape: [values.count], scalars: values) }

    /// A 2-d tensor from rows of equal length.
    public init(rows: [[Scalar]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Tensor(rows:): rows have different lengths")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor whose storage is written by `initializer`, which must set all `count` elements.
    /// Avoids zero-filling large outputs that a kernel overwrites anyway.
    public init(shape: [Int], unsafeUninitialized initializer: (UnsafeMutablePointer<Scalar>) -> Void) {
        _ = AllocatorTuning.applied
        let count = Tensor.count(of: shape)
        let scalars = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { initializer(buffer.baseAddress!) }
            initialized = count
        }
        self.init(shape: shape, scalars: scalars)
    }

    /// Number of elements.
    public var count: Int { scalars.count }

    /// Whether every element is finite (no NaN, no ±∞). O(count).
    public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Row-major strides in elements: `strides[k] = Π shape[k+1…]`.
    public var strides: [Int] { Tensor.strides(of: shape) }

    /// The single value of a one-element tensor.
    public var scalar: Scalar {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements")
        return scalars[0]
    }

    /// The element at a full multi-index.
    public subscript(index: Int...) -> Scalar {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    func offset(of index: [Int]) -> Int {
        precondition(index.count == rank, "Tensor: index \(index) has \(index.count) components for shape \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "Tensor: index \(index) out of range for shape \(shape)")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// Same elements, another shape with the same count. One `-1` entry is inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "Tensor.reshaped: cannot infer -1 in \(newShape) for \(count) elements")
            resolved[unknown] = count / known
        }
        precondition(Tensor.count(of: resolved) == count, "Tensor.reshaped: shape \(shape) cannot become \(newShape)")
        var result = self
        result.shape = resolved
        return result
    }

    /// Read access to the elements as a contiguous buffer.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Write access to the elements (copies the storage first if it is shared).
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Π shape.
    public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides of a shape.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }
}

extension Tensor {
    /// The same values in another scalar type (Float ↔ Double); no copy when the types match.
    public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        if let same = other as? Tensor<Scalar> { self = same; return }
        self.init(shape: other.shape, scalars: other.scalars.map { Scalar($0) })
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(16).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 16 ? ", …" : "")]"
    }
}

/// Checks a condition on user-facing sizes; traps with a message naming both shapes.
@inline(__always)
func checkShapes(_ condition: Bool, _ message: @autoclosure () -> String) {
    precondition(condition, message())
}
