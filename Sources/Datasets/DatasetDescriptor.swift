import Foundation

/// One file of a data set: the names it may have in a data folder, where to download it,
/// and the SHA-256 digests it may have.
public struct DatasetFile: Sendable, Equatable {
    /// Accepted file names, preferred first (for example the `.gz` name, then the
    /// uncompressed one). `fetch` saves under the first.
    public var names: [String]
    /// The canonical download address.
    public var url: String
    /// Accepted lower-case hex SHA-256 digests, of the file as stored or of its gunzipped
    /// content (mirrors re-compress files, so the content digest is the stable one).
    public var sha256: [String]

    /// A file description.
    public init(names: [String], url: String, sha256: [String]) {
        self.names = names
        self.url = url
        self.sha256 = sha256
    }
}

/// A Debian package that installs a data set's files, and where.
public struct DebianLocation: Sendable, Equatable {
    /// The package name (`apt-get install NAME`).
    public var package: String
    /// The folder the package puts the files in.
    public var directory: String
}

/// A registry entry: everything known about a data set before loading it.
public struct DatasetDescriptor: Sendable {
    /// The registry name, also the folder name under a data root.
    public var name: String
    /// A one-line description.
    public var title: String
    /// Classification, regression or forecasting.
    public var task: DatasetTask
    /// Origin and citation.
    public var source: String
    /// License of the data.
    public var license: String
    /// The files a folder must hold for the set to load from it.
    public var files: [DatasetFile]
    /// Debian packages that install the files.
    public var debian: [DebianLocation]
    /// Whether the project's `data/` folder ships it.
    public var embedded: Bool
    /// Reads the files from a folder; `paths[i]` is the found path of `files[i]`.
    let reader: @Sendable (_ paths: [URL], _ descriptor: DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?)

    /// The paths of this set's files in `folder`, or the names of those missing.
    func resolve(in folder: URL) -> Result<[URL], MissingFiles> {
        var found = [URL]()
        var missing = [String]()
        for file in files {
            if let url = file.names.lazy.map({ folder.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                found.append(url)
            } else {
                missing.append(file.names[0])
            }
        }
        return missing.isEmpty ? .success(found) : .failure(MissingFiles(names: missing))
    }

    struct MissingFiles: Error { var names: [String] }
}
