import Foundation
import Tensor

/// An array read from an IDX file (the MNIST format): a big-endian header
/// `00 00 <type> <rank>`, `rank` big-endian UInt32 dimensions, then the elements,
/// big-endian, row-major.
public struct IDXArray: Sendable, Equatable {
    /// Element types the IDX format defines, by their type byte.
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8, .int8: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }
    }

    /// The dimensions from the header.
    public var shape: [Int]
    /// The element type from the header.
    public var elementType: ElementType
    /// The element bytes as stored (big-endian), `shape.product × elementType.size` of them.
    public var payload: [UInt8]

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Parses IDX bytes (already decompressed).
    ///
    /// Every size is checked against the byte count before anything is allocated, so a
    /// header claiming 4 billion × 4 billion elements is an error, not an allocation.
    /// - Throws: `DatasetError.malformed` (bad magic, truncated header) or
    ///   `DatasetError.absurdSize` (payload length disagrees with the header).
    public init(bytes: [UInt8], file: String) throws {
        guard bytes.count >= 4 else {
            throw DatasetError.malformed(file: file, offset: bytes.count, problem: "file of \(bytes.count) bytes ends inside the 4-byte IDX magic number")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw DatasetError.malformed(file: file, offset: 0, problem: String(format: "bad IDX magic number %02x%02x%02x%02x: the first two bytes must be 0", bytes[0], bytes[1], bytes[2], bytes[3]))
        }
        guard let type = ElementType(rawValue: bytes[2]) else {
            throw DatasetError.malformed(file: file, offset: 2, problem: String(format: "unknown IDX element type 0x%02x (expected 08, 09, 0B, 0C, 0D or 0E)", bytes[2]))
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw DatasetError.malformed(file: file, offset: 3, problem: "IDX rank 0: an IDX array needs at least one dimension") }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw DatasetError.malformed(file: file, offset: bytes.count, problem: "file of \(bytes.count) bytes ends inside the header of a rank-\(rank) IDX array (\(headerSize) bytes)")
        }
        var shape = [Int]()
        var elements = 1
        var overflow = false
        for axis in 0..<rank {
            let o = 4 + 4 * axis
            let d = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            shape.append(d)
            if !overflow {
                let (p, o) = elements.multipliedReportingOverflow(by: d)
                (elements, overflow) = (p, o)
            }
        }
        let available = bytes.count - headerSize
        let (needed, overflow2) = elements.multipliedReportingOverflow(by: type.size)
        guard !overflow, !overflow2, needed == available else {
            let claim = overflow || overflow2 ? "more than 2^63" : "\(needed)"
            let verb = (overflow || overflow2 || needed > available) ? "truncated or absurd shape" : "trailing bytes"
            throw DatasetError.absurdSize(file: file, problem: "IDX header shape \(shape) of \(type) needs \(claim) data bytes but the file has \(available) after its \(headerSize)-byte header (\(verb))")
        }
        self.shape = shape
        self.elementType = type
        self.payload = Array(bytes[headerSize...])
    }

    /// Reads an IDX file, raw or gzip-compressed.
    ///
    /// For a gzip file the header is decompressed first, and the size it claims is checked
    /// against what the compressed length can hold (deflate expands at most ~1032:1) before
    /// the rest is decompressed, with the claimed size as the output limit.
    public init(contentsOf url: URL) throws {
        let raw = try FileBytes.readRaw(url)
        guard Gzip.isGzip(raw) else { try self.init(bytes: raw, file: url.path); return }
        let file = url.path
        let head = try Gzip.decompress(raw, file: file, prefix: 4)
        var limit: Int?
        if head.count >= 4, head[0] == 0, head[1] == 0, let type = ElementType(rawValue: head[2]), head[3] > 0 {
            let headerSize = 4 + 4 * Int(head[3])
            let header = try Gzip.decompress(raw, file: file, prefix: headerSize)
            if header.count >= headerSize {
                let claimed = try Self.claimedBytes(header, rank: Int(head[3]), type: type, file: file)
                let ceiling = raw.count.multipliedReportingOverflow(by: Gzip.maximumRatio)
                guard !ceiling.overflow, claimed <= ceiling.partialValue else {
                    throw DatasetError.absurdSize(file: file, problem: "IDX header claims \(claimed) data bytes, more than \(raw.count) compressed bytes can hold")
                }
                limit = headerSize + claimed
            }
        }
        // Header problems (bad magic, short file) are reported by the parser on the bytes.
        // A little slack lets the parser name trailing bytes as such rather than as a size limit.
        try self.init(bytes: Gzip.decompress(raw, file: file, limit: limit.map { $0 + 65536 }), file: file)
    }

    /// Bytes of data a header promises; throws when the product overflows.
    static func claimedBytes(_ header: [UInt8], rank: Int, type: ElementType, file: String) throws -> Int {
        var total = type.size
        for axis in 0..<rank {
            let o = 4 + 4 * axis
            let d = Int(header[o]) << 24 | Int(header[o + 1]) << 16 | Int(header[o + 2]) << 8 | Int(header[o + 3])
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow else { throw DatasetError.absurdSize(file: file, problem: "IDX header shape overflows: more than 2^63 data bytes") }
            total = p
        }
        return total
    }

    /// The elements as `Double`, in order.
    public func doubles() -> [Double] {
        var out = [Double](); out.reserveCapacity(count)
        payload.withUnsafeBufferPointer { p in
            let b = p.baseAddress!
            switch elementType {
            case .uint8: for i in 0..<count { out.append(Double(b[i])) }
            case .int8: for i in 0..<count { out.append(Double(Int8(bitPattern: b[i]))) }
            case .int16: for i in 0..<count { out.append(Double(Int16(bitPattern: UInt16(b[2 * i]) << 8 | UInt16(b[2 * i + 1])))) }
            case .int32: for i in 0..<count { out.append(Double(Int32(bitPattern: Self.be32(b + 4 * i)))) }
            case .float32: for i in 0..<count { out.append(Double(Float(bitPattern: Self.be32(b + 4 * i)))) }
            case .float64:
                for i in 0..<count { out.append(Double(bitPattern: UInt64(Self.be32(b + 8 * i)) << 32 | UInt64(Self.be32(b + 8 * i + 4)))) }
            }
        }
        return out
    }

    /// The elements as a `Float` tensor of the header's shape, each multiplied by `scale`
    /// (1/255 maps 8-bit pixels to [0, 1]).
    public func tensor(scale: Float = 1) -> Tensor<Float> {
        if elementType == .uint8 {
            // The hot path for image files: a table lookup per byte.
            let table = (0..<256).map { Float($0) * scale }
            return payload.withUnsafeBufferPointer { p in
                Tensor(shape: shape) { out in
                    table.withUnsafeBufferPointer { t in for i in 0..<p.count { out[i] = t[Int(p[i])] } }
                }
            }
        }
        return Tensor(shape: shape, scalars: doubles().map { Float($0) * scale })
    }

    /// The elements as integers (for label files); fails for non-integral values.
    public func integers(file: String) throws -> [Int] {
        let values = doubles()
        var out = [Int](); out.reserveCapacity(values.count)
        for (i, v) in values.enumerated() {
            guard v.isFinite, v == v.rounded(), abs(v) < 1e15 else {
                throw DatasetError.malformed(file: file, offset: 4 + 4 * shape.count + i * elementType.size, problem: "element \(i) is \(v), not an integer label")
            }
            out.append(Int(v))
        }
        return out
    }

    @inline(__always) private static func be32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
    }
}
