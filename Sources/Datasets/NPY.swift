import Foundation

/// NumPy `.npy` arrays (format versions 1–3): little-endian or single-byte numbers in C
/// order — float32/64, int8/16/32/64, uint8/16/32/64, bool — read as doubles.
public enum NPY {
    /// An array: its shape and its values in C (row-major) order.
    public struct Array: Sendable {
        public var shape: [Int]
        public var values: [Double]
    }

    static let sizes: [String: Int] = ["f4": 4, "f8": 8, "i1": 1, "i2": 2, "i4": 4, "i8": 8, "u1": 1, "u2": 2, "u4": 4,
                                        "u8": 8, "b1": 1]

    /// Reads `url`. Throws `DatasetError.malformed` naming the file and what is wrong: magic,
    /// header, dtype (big-endian, complex and object arrays are refused), Fortran order, or a
    /// data size that does not match the shape.
    public static func read(_ url: URL) throws -> Array {
        try parse(try FileBytes.readRaw(url), file: url.path)
    }

    static func parse(_ bytes: [UInt8], file: String) throws -> Array {
        func fail(_ offset: Int, _ problem: String) -> DatasetError { .malformed(file: file, offset: offset, problem: problem) }
        guard bytes.count >= 10, bytes[0] == 0x93, Swift.Array(bytes[1..<6]) == Swift.Array("NUMPY".utf8) else {
            throw fail(0, "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        guard (1...3).contains(major) else { throw fail(6, "unsupported .npy format version \(major)") }
        let wide = major >= 2
        let lengthBytes = wide ? 4 : 2
        guard bytes.count >= 8 + lengthBytes else { throw fail(8, "truncated header length") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let start = 8 + lengthBytes
        guard headerLength <= bytes.count - start else { throw fail(8, "header length \(headerLength) exceeds the file") }
        guard let header = String(validating: bytes[start..<(start + headerLength)], as: UTF8.self) else {
            throw fail(start, "the header is not text")
        }
        let (dtype, shape) = try describe(header, fail: { fail(start, $0) })
        return try values(bytes, from: start + headerLength, dtype: dtype, shape: shape, fail: fail)
    }

    /// The dtype (without byte order) and shape from a header like
    /// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`.
    static func describe(_ header: String, fail: (String) -> DatasetError) throws -> (String, [Int]) {
        guard let descr = field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) else {
            throw fail("the header has no 'descr'")
        }
        guard field("fortran_order", in: header) == "False" else { throw fail("Fortran-order arrays are not supported") }
        guard descr.count == 3, "<|".contains(descr.first!), sizes[String(descr.dropFirst())] != nil else {
            throw fail("dtype '\(descr)' is not supported (little-endian float, int, uint or bool)")
        }
        guard let shapeText = field("shape", in: header), shapeText.hasPrefix("("), shapeText.hasSuffix(")") else {
            throw fail("the header has no 'shape'")
        }
        let parts = shapeText.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let shape = parts.filter { !$0.isEmpty }.compactMap { Int($0) }
        guard shape.count == parts.filter({ !$0.isEmpty }).count, shape.allSatisfy({ $0 >= 0 && $0 < 1 << 40 }) else {
            throw fail("invalid shape \(shapeText)")
        }
        return (String(descr.dropFirst()), shape)
    }

    /// The text of `key`'s value in the header dictionary (up to the next top-level comma).
    static func field(_ key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
              let colon = header[keyRange.upperBound...].firstIndex(of: ":") else { return nil }
        var depth = 0
        var end = header.index(after: colon)
        while end < header.endIndex {
            let c = header[end]
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if (c == "," && depth == 0) || c == "}" { break }
            end = header.index(after: end)
        }
        return header[header.index(after: colon)..<end].trimmingCharacters(in: .whitespaces)
    }

    static func values(_ bytes: [UInt8], from start: Int, dtype: String, shape: [Int],
                       fail: (Int, String) -> DatasetError) throws -> Array {
        let size = sizes[dtype]!
        let (count, overflow) = shape.reduce((1, false)) { acc, n in
            let r = acc.0.multipliedReportingOverflow(by: n)
            return (r.partialValue, acc.1 || r.overflow)
        }
        guard !overflow, count.multipliedReportingOverflow(by: size).partialValue == bytes.count - start else {
            throw fail(start, "shape \(shape) of \(dtype) needs \(count) values but the file holds \(bytes.count - start) data bytes")
        }
        let values = bytes[start...].withUnsafeBytes { raw in (0..<count).map { element(raw, $0 * size, dtype) } }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw fail(start + bad * size, "value \(bad) is \(values[bad]), not a finite number")
        }
        return Array(shape: shape, values: values)
    }

    static func element(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ dtype: String) -> Double {
        switch dtype {
        case "f4": Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian))
        case "f8": Double(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
        case "i1": Double(Int8(bitPattern: raw[offset]))
        case "i2": Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case "i4": Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        case "i8": Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        case "u2": Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case "u4": Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case "u8": Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        default: Double(raw[offset])   // u1, b1
        }
    }
}
