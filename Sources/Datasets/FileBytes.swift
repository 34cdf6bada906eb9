import Foundation

/// Reading whole files as bytes, gunzipping those that start with the gzip magic number.
package enum FileBytes {
    /// The bytes of `url`, decompressed when the file is gzip (by magic number, not by name).
    ///
    /// - Parameter limit: the most decompressed bytes accepted (see `Gzip.decompress`).
    package static func read(_ url: URL, limit: Int? = nil) throws -> [UInt8] {
        let raw = try readRaw(url)
        return Gzip.isGzip(raw) ? try Gzip.decompress(raw, file: url.path, limit: limit) : raw
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
