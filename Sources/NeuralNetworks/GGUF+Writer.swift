import Foundation

extension GGUF {
    /// One tensor to write: its name, GGUF shape (fastest dimension first), values in that order
    /// and the element type to store them as.
    public struct NewTensor {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public var type: TensorType
        /// Already encoded blocks of `type` (written as they are; `values` is then ignored).
        public var encoded: [UInt8]?

        public init(name: String, shape: [Int], values: [Float], type: TensorType) {
            self.name = name
            self.shape = shape
            self.values = values
            self.type = type
        }

        /// A tensor whose blocks are already encoded (a quantiser chose their scales).
        public init(name: String, shape: [Int], encoded: [UInt8], type: TensorType) {
            self.init(name: name, shape: shape, values: [], type: type)
            self.encoded = encoded
        }

        var count: Int { encoded == nil ? values.count : shape.reduce(1, *) }
    }

    /// A GGUF version-3 image: the metadata in key order (unsigned and signed integers as 32-bit
    /// when they fit, floats as 32-bit), the tensors 32-byte aligned, each quantised as llama.cpp's
    /// reference quantisers do (Q8_0: d = max|x|/127; Q4_0: d = x_max/−8 for the x of largest
    /// magnitude; Q4_1: d = (max − min)/15, m = min; scales in F16).
    public static func encode(metadata: [String: Value], tensors: [NewTensor]) throws -> Data {
        var out = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) {
            u64(UInt64(s.utf8.count))
            out.append(contentsOf: Array(s.utf8))
        }
        u32(0x4655_4747)
        u32(3)
        u64(UInt64(tensors.count))
        u64(UInt64(metadata.count))
        for key in metadata.keys.sorted() {
            string(key)
            try writeValue(metadata[key]!, into: &out)
        }
        var blobs = [Data]()
        var offset = 0
        for t in tensors {
            guard t.shape.count >= 1, t.shape.count <= 4, t.shape.allSatisfy({ $0 >= 1 }), t.shape.reduce(1, *) == t.count,
                  t.shape[0] % t.type.block.elements == 0 else {
                throw FormatError(file: "new GGUF", problem: "tensor \(t.name): shape \(t.shape) does not hold \(t.count) values in \(t.type) blocks")
            }
            string(t.name)
            u32(UInt32(t.shape.count))
            for d in t.shape { u64(UInt64(d)) }
            u32(t.type.rawValue)
            u64(UInt64(offset))
            let blob = t.encoded.map { Data($0) } ?? quantise(t.values, as: t.type)
            guard blob.count == t.count / t.type.block.elements * t.type.block.bytes else {
                throw FormatError(file: "new GGUF", problem: "tensor \(t.name): \(blob.count) encoded bytes for shape \(t.shape)")
            }
            blobs.append(blob)
            offset += (blob.count + 31) / 32 * 32
        }
        for blob in [Data()] + blobs {
            out.append(blob)
            out.append(Data(count: (32 - out.count % 32) % 32))
        }
        return out
    }

    static func writeValue(_ v: Value, into out: inout Data) throws {
        let (type, bytes) = try payload(v)
        withUnsafeBytes(of: type.littleEndian) { out.append(contentsOf: $0) }
        out.append(bytes)
    }

    /// A value's GGUF type code and the bytes after it.
    static func payload(_ v: Value) throws -> (UInt32, Data) {
        func le<T: FixedWidthInteger>(_ x: T) -> Data { withUnsafeBytes(of: x.littleEndian) { Data($0) } }
        switch v {
        case .unsigned(let x): return x <= UInt64(UInt32.max) ? (4, le(UInt32(x))) : (10, le(x))
        case .int(let x): return Int64(Int32.min)...Int64(Int32.max) ~= x ? (5, le(Int32(x))) : (11, le(x))
        case .float(let x): return (6, le(Float(x).bitPattern))
        case .bool(let b): return (7, Data([b ? 1 : 0]))
        case .string(let s): return (8, le(UInt64(s.utf8.count)) + Data(s.utf8))
        case .array(let items):
            let parts = try items.map { try payload($0) }
            let element = parts.first?.0 ?? 4
            guard parts.allSatisfy({ $0.0 == element }) else { throw FormatError(file: "new GGUF", problem: "an array mixes value types") }
            // an array stores its element type once, then the items without theirs
            return (9, le(element) + le(UInt64(items.count)) + parts.reduce(Data()) { $0 + $1.1 })
        }
    }

    /// `values` stored as `type` (blocks of 32 for the quantised types).
    static func quantise(_ values: [Float], as type: TensorType) -> Data {
        var out = Data()
        func half(_ x: Float) { withUnsafeBytes(of: Float16(x).bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        switch type {
        case .f32: for x in values { withUnsafeBytes(of: x.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        case .f16: for x in values { half(x) }
        case .bf16: for x in values { withUnsafeBytes(of: UInt16(x.bitPattern >> 16).littleEndian) { out.append(contentsOf: $0) } }
        case .q8_0:
            for b in stride(from: 0, to: values.count, by: 32) {
                let block = values[b..<(b + 32)]
                let d = (block.map { abs($0) }.max() ?? 0) / 127
                half(d)
                let inverse = d == 0 ? 0 : 1 / d
                out.append(contentsOf: block.map { UInt8(bitPattern: Int8(($0 * inverse).rounded())) })
            }
        case .q4_0:
            for b in stride(from: 0, to: values.count, by: 32) {
                let block = Array(values[b..<(b + 32)])
                let extreme = block.max { abs($0) < abs($1) } ?? 0
                let d = extreme / -8
                half(d)
                let inverse = d == 0 ? 0 : 1 / d
                let q = block.map { UInt8(min(15, max(0, Int(($0 * inverse + 8.5).rounded(.down))))) }
                out.append(contentsOf: (0..<16).map { q[$0] | q[$0 + 16] << 4 })
            }
        case .q4_1:
            for b in stride(from: 0, to: values.count, by: 32) {
                let block = Array(values[b..<(b + 32)])
                let (low, high) = (block.min() ?? 0, block.max() ?? 0)
                let d = (high - low) / 15
                half(d)
                half(low)
                let inverse = d == 0 ? 0 : 1 / d
                let q = block.map { UInt8(min(15, max(0, Int((($0 - low) * inverse + 0.5).rounded(.down))))) }
                out.append(contentsOf: (0..<16).map { q[$0] | q[$0 + 16] << 4 })
            }
        }
        return out
    }
}
