import Foundation

/// Where result lines go: stdout (flushed per line, so a pipe sees them as they come) and,
/// with `--out`, appended to a file.
final class Output {
    private let file: FileHandle?

    /// Opens (creating if needed) `path` for appending; `nil` writes to stdout only.
    init(appendingTo path: String?) throws {
        guard let path else { file = nil; return }
        if !FileManager.default.fileExists(atPath: path) {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw Options.UsageError(description: "cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Options.UsageError(description: "cannot open \(path) for writing")
        }
        handle.seekToEndOfFile()
        file = handle
    }

    /// Writes one JSON line.
    func write(_ line: JSONLine) {
        let text = line.text + "\n"
        FileHandle.standardOutput.write(text.data(using: .utf8)!)
        file?.write(text.data(using: .utf8)!)
    }

    /// Writes a progress note to stderr.
    func log(_ message: String) {
        FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
    }
}
