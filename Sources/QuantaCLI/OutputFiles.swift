import Foundation

/// Checks a command's output files before any work: each can be written, none is one of the
/// command's inputs or another output, and a metrics file only ever grows a JSON-lines file.
enum OutputFiles {
    /// A path given to an option.
    struct Path {
        var option: String
        var url: URL
        /// Whether the command creates missing folders on the way (a report does).
        var createsFolders = false
    }

    /// The paths of `names` that were given, as `Path`s.
    static func given(_ args: Arguments, _ names: [String], createsFolders: Bool = false) -> [Path] {
        names.compactMap { name in args.url(name).map { Path(option: name, url: $0, createsFolders: createsFolders) } }
    }

    /// Throws a `UsageError` when an output is an input or another output (same file, however
    /// spelled), and a `CommandError` when an output cannot be written.
    static func check(outputs: [Path], inputs: [Path]) throws {
        for (i, out) in outputs.enumerated() {
            if let input = inputs.first(where: { sameFile($0.url, out.url) }) {
                throw UsageError("--\(out.option) \(out.url.path) is the --\(input.option) file; writing it would destroy "
                    + "the input (choose another path)")
            }
            if let other = outputs[..<i].first(where: { sameFile($0.url, out.url) }) {
                throw UsageError("--\(out.option) and --\(other.option) name the same file \(out.url.path)")
            }
            try checkWritable(out)
        }
    }

    /// The same file: the same device and inode when both exist, else the same resolved path.
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a.path, &sa) == 0 && stat(b.path, &sb) == 0 {
            return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
        }
        return a.standardizedFileURL.resolvingSymlinksInPath().path == b.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The folder must exist and be writable; an existing file must be a writable regular file.
    static func checkWritable(_ out: Path) throws {
        let path = out.url.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw CommandError("--\(out.option) \(path) is a folder, not a file") }
            if access(path, W_OK) != 0 { throw CommandError("--\(out.option) \(path): the file is not writable") }
        }
        var folder = out.url.deletingLastPathComponent()
        while out.createsFolders && !FileManager.default.fileExists(atPath: folder.path) && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw CommandError("--\(out.option) \(path): the folder \(folder.path) does not exist")
        }
        guard isFolder.boolValue else {
            throw CommandError("--\(out.option) \(path): \(folder.path) is a file, not a folder")
        }
        if access(folder.path, W_OK) != 0 {
            throw CommandError("--\(out.option) \(path): the folder \(folder.path) is not writable")
        }
    }

    /// A metrics file is appended to only when it is new, empty or already JSON lines (its
    /// first byte "{"): a checkpoint or any other file given by mistake is left alone.
    static func checkJSONLines(_ url: URL, option: String) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1)) ?? Data()
        if let first = head.first, first != UInt8(ascii: "{") {
            throw CommandError("--\(option) \(url.path) exists and is not a JSON-lines file; metrics are only appended "
                + "to JSON lines (choose a new file)")
        }
    }
}
