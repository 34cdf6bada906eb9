import Foundation

extension GGUF {
    /// A problem with a GGUF file: which file, where, and what.
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String { "\(file): \(problem)" }

        public init(file: String, problem: String) {
            self.file = file
            self.problem = problem
        }
    }

    /// Reads and checks `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw FormatError(file: url.path, problem: "cannot read: \(error.localizedDescription)")
        }
        try self.init(data, file: url.lastPathComponent)
    }

    /// Parses a whole GGUF image held in memory.
    public init(_ data: Data, file: String = "GGUF data") throws {
        var r = Cursor(data: data, file: file)
        guard try r.u32() == 0x4655_4747 else { throw r.error("not a GGUF file (bad magic)") }
        let version = try r.u32()
        guard version == 2 || version == 3 else { throw r.error("GGUF version \(version) is not supported (2 or 3)") }
        let tensorCount = try r.count("tensor count", each: 24)
        let metadataCount = try r.count("metadata count", each: 12)
        var metadata = [String: Value]()
        for _ in 0..<metadataCount {
            let key = try r.string()
            metadata[key] = try r.value(type: try r.u32(), depth: 0)
        }
        var tensors = [TensorInfo]()
        for _ in 0..<tensorCount { tensors.append(try r.tensorInfo()) }
        var alignment = 32
        if let a = metadata["general.alignment"] {
            guard case .unsigned(let v) = a, v > 0, v <= 1 << 16, v & (v - 1) == 0 else {
                throw r.error("general.alignment must be a power of two up to 65536")
            }
            alignment = Int(v)
        }
        let start = (r.position + alignment - 1) / alignment * alignment
        for t in tensors {
            guard t.offset % alignment == 0 else { throw r.error("tensor \(t.name): offset \(t.offset) is not a multiple of \(alignment)") }
            guard t.offset <= data.count - start, t.byteCount <= data.count - start - t.offset else {
                throw r.error("tensor \(t.name): \(t.byteCount) bytes at offset \(t.offset) run past the end of the file")
            }
        }
        self.version = version
        self.metadata = metadata
        self.tensors = tensors
        self.alignment = alignment
        dataOffset = start
        bytes = data
        self.file = file
    }
}

/// Little-endian reading with bounds checks and position-carrying errors.
struct GGUFCursor {
    let data: Data
    let file: String
    var position = 0

    init(data: Data, file: String) {
        self.data = data
        self.file = file
    }

    func error(_ problem: String) -> GGUF.FormatError {
        GGUF.FormatError(file: file, problem: "byte \(position): \(problem)")
    }

    mutating func take(_ n: Int) throws -> Data {
        guard n >= 0, n <= data.count - position else { throw error("the file ends inside a field (\(n) bytes wanted)") }
        defer { position += n }
        return data.subdata(in: (data.startIndex + position)..<(data.startIndex + position + n))
    }

    mutating func u64() throws -> UInt64 { try take(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian }
    mutating func u32() throws -> UInt32 { try take(4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian }

    /// A count whose entries take at least `each` bytes: refused when the rest of the file cannot hold them.
    mutating func count(_ what: String, each: Int) throws -> Int {
        let n = try u64()
        guard n <= UInt64(data.count - position) / UInt64(each) else { throw error("\(what) \(n) is more than the file can hold") }
        return Int(n)
    }

    mutating func string() throws -> String {
        let n = try count("string length", each: 1)
        guard let s = String(data: try take(n), encoding: .utf8) else { throw error("a string is not UTF-8") }
        return s
    }

    mutating func value(type: UInt32, depth: Int) throws -> GGUF.Value {
        switch type {
        case 0: return .unsigned(UInt64(try take(1)[0]))
        case 1: return .int(Int64(Int8(bitPattern: try take(1)[0])))
        case 2: return .unsigned(UInt64(try take(2).withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }.littleEndian))
        case 3: return .int(Int64(Int16(bitPattern: try take(2).withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }.littleEndian)))
        case 4: return .unsigned(UInt64(try u32()))
        case 5: return .int(Int64(Int32(bitPattern: try u32())))
        case 6: return .float(Double(Float(bitPattern: try u32())))
        case 7: return .bool(try take(1)[0] != 0)
        case 8: return .string(try string())
        case 9:
            guard depth < 4 else { throw error("arrays nested deeper than 4") }
            let inner = try u32()
            let n = try count("array length", each: 1)
            return .array(try (0..<n).map { _ in try value(type: inner, depth: depth + 1) })
        case 10: return .unsigned(try u64())
        case 11: return .int(Int64(bitPattern: try u64()))
        case 12: return .float(Double(bitPattern: try u64()))
        default: throw error("unknown metadata value type \(type)")
        }
    }

    mutating func tensorInfo() throws -> GGUF.TensorInfo {
        let name = try string()
        let dims = try u32()
        guard (1...4).contains(dims) else { throw error("tensor \(name): \(dims) dimensions (1 to 4 expected)") }
        var shape = [Int]()
        var elements: UInt64 = 1
        for _ in 0..<dims {
            let d = try u64()
            guard d >= 1, d <= 1 << 40 else { throw error("tensor \(name): absurd dimension \(d)") }
            elements = elements.multipliedReportingOverflow(by: d).partialValue
            guard elements <= 1 << 40 else { throw error("tensor \(name): more than 2^40 elements") }
            shape.append(Int(d))
        }
        let raw = try u32()
        guard let type = GGUF.TensorType(rawValue: raw) else { throw error("tensor \(name): unknown or unsupported tensor type \(raw)") }
        guard shape[0] % type.block.elements == 0 else {
            throw error("tensor \(name): first dimension \(shape[0]) is not a multiple of the \(type) block (\(type.block.elements))")
        }
        let offset = try u64()
        guard offset <= UInt64(data.count) else { throw error("tensor \(name): offset \(offset) is past the end of the file") }
        return GGUF.TensorInfo(name: name, shape: shape, type: type, offset: Int(offset))
    }
}

extension GGUF {
    typealias Cursor = GGUFCursor
}
