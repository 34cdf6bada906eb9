import Foundation

/// Reading whole files as bytes, gunzipping those that start with the gzip magic number.
package enum FileBytes {
    /// Text files beyond this size once decompressed are refused: every text format here is
    /// at most a few MB, and a small gzip file must not be able to claim gigabytes.
    package static let textLimit = 1 << 30

    /// The bytes of `url`, decompressed when the file is gzip (by magic number, not by name).
    ///
    /// - Parameter limit: the most decompressed bytes accepted; default the smaller of
    ///   1100 × the compressed size and `textLimit`.
    package static func read(_ url: URL, limit: Int? = nil) throws -> [UInt8] {
        let raw = try readRaw(url)
        guard Gzip.isGzip(raw) else { return raw }
        let cap = limit ?? min(max(raw.count, 1).multipliedReportingOverflow(by: Gzip.maximumRatio).partialValue, textLimit)
        return try Gzip.decompress(raw, file: url.path, limit: cap)
    }

    /// The bytes of `url` as stored.
    package static func readRaw(_ url: URL) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DatasetError.unreadable(file: url.path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw DatasetError.unreadable(file: url.path, reason: "is a directory") }
        do {
            return [UInt8](try Data(contentsOf: url, options: .mappedIfSafe))
        } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }
}
