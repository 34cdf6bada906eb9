import Foundation

extension GGUF {
    /// The tensor's values as Float, in file order (the first dimension fastest). O(elements).
    public func floats(_ info: TensorInfo) -> [Float] {
        Self.dequantize(rawBytes(info), type: info.type, count: info.elementCount)
    }

    /// The tensor's bytes as stored (blocks for the quantised types).
    public func rawBytes(_ info: TensorInfo) -> [UInt8] {
        let start = bytes.startIndex + dataOffset + info.offset
        return [UInt8](bytes[start..<(start + info.byteCount)])
    }

    /// `count` values of `type` from their stored bytes. Blocks: Q8_0 is d·q (f16 d, 32 int8);
    /// Q4_0 is d·(q − 8) and Q4_1 d·q + m (f16 d, m; 16 bytes holding elements j in the low
    /// and j + 16 in the high nibbles). O(count).
    public static func dequantize(_ raw: [UInt8], type: TensorType, count n: Int) -> [Float] {
        raw.withUnsafeBytes { p in
            switch type {
            case .f32: return (0..<n).map { Float(bitPattern: p.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian) }
            case .f16: return (0..<n).map { Self.half(p, 2 * $0) }
            case .bf16: return (0..<n).map { Float(bitPattern: UInt32(p.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian) << 16) }
            case .q8_0: return Self.blocks(n / 32) { b, out in
                let d = Self.half(p, 34 * b)
                for j in 0..<32 { out.append(d * Float(Int8(bitPattern: p[34 * b + 2 + j]))) }
            }
            case .q4_0: return Self.blocks(n / 32) { b, out in
                let d = Self.half(p, 18 * b)
                Self.nibbles(p, 18 * b + 2) { out.append(d * Float(Int($0) - 8)) }
            }
            case .q4_1: return Self.blocks(n / 32) { b, out in
                let (d, m) = (Self.half(p, 20 * b), Self.half(p, 20 * b + 2))
                Self.nibbles(p, 20 * b + 4) { out.append(d * Float($0) + m) }
            }
            }
        }
    }

    /// The tensor named `name` as Float; throws naming it when it is missing.
    public func floats(named name: String) throws -> [Float] {
        guard let info = tensor(named: name) else { throw FormatError(file: file, problem: "no tensor named \(name)") }
        return floats(info)
    }

    static func half(_ p: UnsafeRawBufferPointer, _ offset: Int) -> Float {
        Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian))
    }

    static func blocks(_ count: Int, _ body: (Int, inout [Float]) -> Void) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(32 * count)
        for b in 0..<count { body(b, &out) }
        return out
    }

    /// The 32 4-bit values of 16 bytes: low nibbles first (elements 0–15), then high (16–31).
    static func nibbles(_ p: UnsafeRawBufferPointer, _ offset: Int, _ emit: (UInt8) -> Void) {
        for j in 0..<16 { emit(p[offset + j] & 0x0F) }
        for j in 0..<16 { emit(p[offset + j] >> 4) }
    }
}
