import CZlib
import Foundation

/// gzip decompression through the system zlib, with a hard cap on the output size so a
/// small file claiming (or expanding to) an absurd size cannot exhaust memory.
public enum Gzip {
    /// Deflate cannot expand data by more than about 1032:1; anything beyond is not a gzip
    /// stream zlib would produce, so the cap is also a sanity check.
    static let maximumRatio = 1100

    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var it = bytes.makeIterator()
        return it.next() == 0x1f && it.next() == 0x8b
    }

    /// Decompresses a whole gzip file (several concatenated members are allowed).
    ///
    /// - Parameters:
    ///   - bytes: the compressed file.
    ///   - file: the name used in error messages.
    ///   - limit: the most bytes the output may have; defaults to `bytes.count × 1100`,
    ///     capped at 8 GiB.
    ///   - prefix: when given, stop once this many bytes are out and return them (for
    ///     reading a header before deciding whether the rest is worth decompressing).
    /// - Throws: `DatasetError.decompression` for a corrupt or truncated stream,
    ///   `DatasetError.absurdSize` when the output would exceed `limit`.
    public static func decompress(_ bytes: [UInt8], file: String, limit: Int? = nil, prefix: Int? = nil) throws -> [UInt8] {
        let cap = limit ?? min(max(bytes.count, 1) &* maximumRatio, 8 << 30)
        guard bytes.count >= 18 else {
            throw DatasetError.decompression(file: file, problem: "file of \(bytes.count) bytes is shorter than a gzip header and trailer (18 bytes)")
        }
        guard isGzip(bytes) else {
            throw DatasetError.malformed(file: file, offset: 0, problem: String(format: "not gzip: magic %02x %02x, expected 1f 8b", bytes[0], bytes[1]))
        }
        // The trailer's ISIZE (size mod 2^32) is only a hint for the first allocation.
        let n = bytes.count
        let hint = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
        var output = [UInt8]()
        output.reserveCapacity(min(max(hint, 1024), cap, prefix.map { $0 + (1 << 18) } ?? Int.max))

        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.decompression(file: file, problem: "zlib could not start")
        }
        defer { inflateEnd(&stream) }

        let chunk = 1 << 18
        var scratch = [UInt8](repeating: 0, count: chunk)
        try bytes.withUnsafeBufferPointer { input in
            var consumed = 0
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!)
            stream.avail_in = UInt32(min(input.count, Int(UInt32.max)))
            while true {
                let status: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress!
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                guard output.count + produced <= cap else {
                    throw DatasetError.absurdSize(file: file, problem: "decompresses to more than \(cap) bytes (limit), from \(bytes.count) compressed bytes")
                }
                output.append(contentsOf: scratch[0..<produced])
                if let prefix, output.count >= prefix { return }
                let position = consumed + Int(stream.total_in)
                switch status {
                case Z_OK:
                    continue
                case Z_BUF_ERROR where produced > 0:
                    continue
                case Z_STREAM_END:
                    // Another member may follow; trailing zero padding is tolerated, as gzip(1) does.
                    let rest = input.count - position
                    if rest == 0 || input[position...].allSatisfy({ $0 == 0 }) { return }
                    guard rest >= 2, input[position] == 0x1f, input[position + 1] == 0x8b else {
                        throw DatasetError.malformed(file: file, offset: position, problem: "\(rest) bytes of garbage after the gzip stream")
                    }
                    consumed = position
                    inflateReset(&stream)
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + position)
                    stream.avail_in = UInt32(min(rest, Int(UInt32.max)))
                case Z_BUF_ERROR:
                    throw DatasetError.decompression(file: file, problem: "truncated: stream ends after \(position) of \(input.count) bytes without its end marker")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DatasetError.malformed(file: file, offset: position, problem: "corrupt compressed data (\(message))")
                }
            }
        }
        return output
    }
}

extension Gzip {
    /// Compresses `bytes` into one gzip member (no file name, no time stamp), at zlib
    /// `level` 0…9.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "Gzip.compress: deflateInit2 failed with \(status)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "Gzip.compress: deflate returned \(result)")
                return out.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }
}
