import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloading data sets (`quanta datasets fetch NAME`).
extension DatasetRegistry {
    /// Downloads `name`'s files into `root/NAME`, each to a temporary file first, verifies
    /// its SHA-256 (of the file or of its gunzipped content) and only then renames it into
    /// place. Files already present with a good digest are kept, not downloaded again.
    ///
    /// - Parameters:
    ///   - root: the data root (the folder `--data-dir` / `QUANTA_DATA` would name).
    ///   - mirror: when given, file `F` is fetched from `mirror/NAME/F` instead of its
    ///     canonical URL (for a local mirror, and for tests against a loopback server).
    ///   - timeout: seconds allowed for each request.
    ///   - log: receives one line per file (what is fetched from where, or kept).
    /// - Returns: the folder `root/NAME`.
    /// - Throws: `DatasetError.downloadFailed` or `.checksumMismatch` (the bad file is deleted).
    @discardableResult
    public static func fetch(_ name: String, into root: URL, mirror: URL? = nil, timeout: TimeInterval = 600,
                             log: (String) -> Void = { _ in }) throws -> URL {
        let d = try descriptor(name)
        let folder = root.appendingPathComponent(d.name)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.unreadable(file: folder.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        for file in d.files {
            let target = folder.appendingPathComponent(file.names[0])
            if FileManager.default.fileExists(atPath: target.path), (try? verify(target, against: file.sha256)) != nil {
                log("\(target.path): present, SHA-256 good")
                continue
            }
            let source = mirror.map { $0.appendingPathComponent(d.name).appendingPathComponent(file.names[0]) } ?? URL(string: file.url)!
            log("fetching \(source.absoluteString) -> \(target.path)")
            let part = folder.appendingPathComponent(".\(file.names[0]).part-\(ProcessInfo.processInfo.processIdentifier)")
            try download(source, to: part, timeout: timeout)
            do {
                try verify(part, against: file.sha256)
            } catch {
                try? FileManager.default.removeItem(at: part)
                throw error
            }
            _ = try? FileManager.default.removeItem(at: target)
            do {
                try FileManager.default.moveItem(at: part, to: target)
            } catch {
                try? FileManager.default.removeItem(at: part)
                throw DatasetError.unreadable(file: target.path, reason: "cannot move the download into place: \(error.localizedDescription)")
            }
        }
        return folder
    }

    /// Checks a file's SHA-256, or that of its gunzipped content, against `digests`.
    /// - Throws: `DatasetError.checksumMismatch` naming the digest found.
    static func verify(_ url: URL, against digests: [String]) throws {
        let stored = try SHA256.hexDigest(ofFile: url)
        if digests.contains(stored) { return }
        let raw = try FileBytes.readRaw(url)
        if Gzip.isGzip(raw), let content = try? Gzip.decompress(raw, file: url.path) {
            let inner = SHA256.hash(content).hexString
            if digests.contains(inner) { return }
        }
        throw DatasetError.checksumMismatch(file: url.path, expected: digests, actual: stored)
    }

    /// GETs `url` into `destination` (replacing it) with URLSession's download task.
    static func download(_ url: URL, to destination: URL, timeout: TimeInterval) throws {
        final class Outcome: @unchecked Sendable {
            var error: DatasetError?
            let done = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let task = session.downloadTask(with: url) { location, response, error in
            defer { outcome.done.signal() }
            if let error {
                outcome.error = .downloadFailed(url: url.absoluteString, reason: error.localizedDescription)
                return
            }
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                outcome.error = .downloadFailed(url: url.absoluteString, reason: "HTTP status \(http.statusCode)")
                return
            }
            guard let location else {
                outcome.error = .downloadFailed(url: url.absoluteString, reason: "no data")
                return
            }
            do {
                try? FileManager.default.removeItem(at: destination)
                // A rename fails across file systems (temporary folder → data root); copy then.
                if (try? FileManager.default.moveItem(at: location, to: destination)) == nil {
                    try FileManager.default.copyItem(at: location, to: destination)
                }
            } catch {
                outcome.error = .downloadFailed(url: url.absoluteString, reason: "cannot save to \(destination.path): \(error.localizedDescription)")
            }
        }
        task.resume()
        outcome.done.wait()
        if let error = outcome.error { throw error }
    }
}
