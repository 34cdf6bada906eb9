import Foundation

/// Reading and writing the safetensors format (Hugging Face): an 8-byte little-endian header
/// length N, N bytes of JSON `{"name": {"dtype", "shape", "data_offsets": [begin, end]}, …,
/// "__metadata__": {string: string}}`, then the raw little-endian tensor bytes.
/// Files written here load with Python's `safetensors` package.
public enum SafeTensors {
    /// One stored tensor: its dtype name ("F32", "F64", "I8", "U8", "I32", …), shape and raw bytes.
    public struct Entry: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var bytes: [UInt8]
        public init(dtype: String, shape: [Int], bytes: [UInt8]) { self.dtype = dtype; self.shape = shape; self.bytes = bytes }

        /// A float tensor as F32 or F64 (by its scalar type).
        public init<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) {
            dtype = Scalar.self == Double.self ? "F64" : "F32"
            shape = tensor.shape
            bytes = tensor.withUnsafeBufferPointer { Array(UnsafeRawBufferPointer($0)) }
        }

        /// The values as a float tensor (F32 or F64 stored; converted to `Scalar`).
        public func tensor<Scalar: TensorScalar>(as: Scalar.Type = Scalar.self, name: String, file: String) throws -> Tensor<Scalar> {
            let count = shape.reduce(1, *)
            switch dtype {
            case "F32":
                let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self).prefix(count)) }
                return Tensor(shape: shape, scalars: Scalar.self == Float.self ? values as! [Scalar] : values.map { Scalar($0) })
            case "F64":
                let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self).prefix(count)) }
                return Tensor(shape: shape, scalars: Scalar.self == Double.self ? values as! [Scalar] : values.map { Scalar($0) })
            default:
                throw SafeTensorsError(file: file, problem: "tensor '\(name)' has dtype \(dtype), expected F32 or F64")
            }
        }
    }

    static let elementSizes: [String: Int] = ["F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2,
                                              "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1]

    /// Writes tensors and string metadata atomically: to a temporary file in the same folder,
    /// then renamed over `url`, so a crash never leaves a half-written file in place.
    public static func write(_ tensors: [(name: String, entry: Entry)], metadata: [String: String], to url: URL) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (name, entry) in tensors {
            header[name] = ["dtype": entry.dtype, "shape": entry.shape, "data_offsets": [offset, offset + entry.bytes.count]]
            offset += entry.bytes.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad the header with spaces to a multiple of 8 so the data is aligned.
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(json)
        for (_, entry) in tensors { data.append(contentsOf: entry.bytes) }
        try writeAtomically(data, to: url)
    }

    /// A metadata value: `value` as JSON with sorted keys, so that identical runs write
    /// byte-identical files.
    public static func metadataJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Writes `data` to a temporary sibling `.NAME.PID.tmp` of `url`, then renames it into
    /// place. Temporary siblings left by killed processes are removed first.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(pid).tmp")
        removeLeftovers(of: url)
        do {
            try write(data, to: temporary.path)
            if rename(temporary.path, url.path) != 0 { throw SystemError("rename", errno) }
        } catch {
            unlink(temporary.path)
            throw SafeTensorsError(file: url.path, problem: "cannot write: \(error)")
        }
    }

    /// A failed system call, described by its `strerror` text ("No space left on device").
    struct SystemError: Error, CustomStringConvertible {
        let description: String
        init(_ call: String, _ code: Int32) { description = "\(call): \(String(cString: strerror(code)))" }
    }

    /// Writes all of `data` to a new file at `path` and flushes it to disk.
    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SystemError("open", errno) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SystemError("write", errno) }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw SystemError("fsync", errno) }
    }

    /// Removes `.NAME.PID.tmp` siblings of `url` whose process is gone (killed during a write).
    static func removeLeftovers(of url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(4)
            guard let pid = Int32(middle) else { continue }
            let alive = kill(pid, 0) == 0 || errno == EPERM
            if !alive || pid == ProcessInfo.processInfo.processIdentifier {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    /// The tensors must tile the data section as Python's `safetensors` requires: from byte 0,
    /// each starting where the previous ends, the last ending at the end of the file (no gaps,
    /// overlaps or trailing bytes).
    static func checkCoverage(_ ranges: [(Int, Int, String)], dataBytes: Int, fail: (String) -> SafeTensorsError) throws {
        let sorted = ranges.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var end = 0
        for (start, stop, name) in sorted {
            if start < end { throw fail("tensor '\(name)' overlaps the tensor before it in the data section") }
            if start > end { throw fail("the data section has a gap of \(start - end) bytes before tensor '\(name)'") }
            end = stop
        }
        if end != dataBytes {
            throw fail("\(dataBytes - end) bytes after the last tensor's data (the file is longer than its header says)")
        }
    }

    /// Reads and validates a whole file: header length within the file, a JSON object header,
    /// known dtypes, non-negative shapes whose byte size matches `data_offsets`, and offsets
    /// that tile the data section exactly (`checkCoverage`).
    public static func read(_ url: URL) throws -> (tensors: [String: Entry], metadata: [String: String]) {
        let file = url.path
        func fail(_ problem: String) -> SafeTensorsError { SafeTensorsError(file: file, problem: problem) }
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read the file (missing or unreadable)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("file is \(bytes.count) bytes, too short for the 8-byte header length (truncated?)") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header length \(headerLength) exceeds the file's remaining \(bytes.count - 8) bytes (truncated or not a safetensors file)")
        }
        let dataStart = 8 + Int(headerLength)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = object as? [String: Any] else { throw fail("header is not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [String: Entry] = [:]
        var ranges: [(Int, Int, String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
                metadata = m; continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any], let offsetValues = info["data_offsets"] as? [Any] else {
                throw fail("tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let size = elementSizes[dtype] else { throw fail("tensor '\(name)' has unknown dtype '\(dtype)'") }
            let shape = shapeValues.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetValues.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 && $0 < 1 << 40 }) else {
                throw fail("tensor '\(name)' has an invalid shape \(shapeValues)")
            }
            guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], dataStart + offsets[1] <= bytes.count else {
                throw fail("tensor '\(name)' has data_offsets \(offsetValues) outside the \(bytes.count - dataStart) data bytes (truncated?)")
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, n in
                let r = acc.0.multipliedReportingOverflow(by: n); return (r.partialValue, acc.1 || r.overflow)
            }
            guard !overflow, count.multipliedReportingOverflow(by: size).partialValue == offsets[1] - offsets[0] else {
                throw fail("tensor '\(name)': shape \(shape) of \(dtype) needs a different byte count than data_offsets \(offsets)")
            }
            tensors[name] = Entry(dtype: dtype, shape: shape, bytes: Array(bytes[(dataStart + offsets[0])..<(dataStart + offsets[1])]))
            ranges.append((offsets[0], offsets[1], name))
        }
        try checkCoverage(ranges, dataBytes: bytes.count - dataStart, fail: fail)
        return (tensors, metadata)
    }
}
