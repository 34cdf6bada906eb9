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

    /// Where `quanta datasets fetch` puts files when no `--data-dir` is given: `$QUANTA_DATA`
    /// if set, else the first project `data/` folder that exists (current directory, next
    /// to the executable, the source checkout).
    /// - Throws: `DatasetError.invalidArgument` asking for `--data-dir` when there is none.
    public static func defaultFetchRoot(environment: [String: String] = ProcessInfo.processInfo.environment,
                                        executable: URL? = currentExecutable()) throws -> URL {
        if let root = environment["QUANTA_DATA"], !root.isEmpty { return URL(fileURLWithPath: root) }
        let candidates = projectDataRoots(executable: executable)
        var isDirectory: ObjCBool = false
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.folder.path, isDirectory: &isDirectory) && isDirectory.boolValue }) {
            return found.folder
        }
        throw DatasetError.invalidArgument("no data folder to fetch into: pass --data-dir DIR or set QUANTA_DATA=DIR (looked for a project data/ folder at \(candidates.map(\.folder.path).joined(separator: ", ")))")
    }

    /// Checks the SHA-256 of every file of `name` in `folder` (the stored file's digest or
    /// its gunzipped content's).
    /// - Throws: `DatasetError.notFound` for a missing file, `.checksumMismatch` for a bad one.
    public static func verifyFiles(_ name: String, in folder: URL) throws {
        let d = try descriptor(name)
        switch d.resolve(in: folder) {
        case .success(let paths):
            for (path, file) in zip(paths, d.files) { try verify(path, against: file.sha256) }
        case .failure(let missing):
            throw DatasetError.notFound(name: d.name, searched: ["\(folder.path) (lacks \(missing.names.joined(separator: ", ")))"], howToGet: [])
        }
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
