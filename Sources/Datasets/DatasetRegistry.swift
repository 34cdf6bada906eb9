import Foundation
import Tensor

/// The named data sets Quanta knows, where to find their files, and how to load them.
///
/// Files are looked for, in order, in:
/// 1. `dataDir/NAME` (the CLI's `--data-dir DIR`),
/// 2. `$QUANTA_DATA/NAME`,
/// 3. the folders Debian packages install to (`dataset-fashion-mnist` →
///    `/usr/share/datasets/fashion-mnist`; `python3-sklearn` for the small tables),
/// 4. the project's own `data/NAME`: under the current directory, next to the executable
///    (`.build/release/quanta` → `../../data`, an install prefix's `share/quanta/data`),
///    and in the source checkout the module was built from.
///
/// ```swift
/// let mnist = try DatasetRegistry.load("mnist")          // train [60000, 1, 28, 28], test [10000, …]
/// let iris = try DatasetRegistry.load("iris", dataDir: URL(fileURLWithPath: "/data"))
/// ```
public enum DatasetRegistry {
    /// Every registered data set.
    public static var all: [DatasetDescriptor] { catalog }

    /// The registered names, in registry order.
    public static var names: [String] { catalog.map(\.name) }

    /// The entry for `name`.
    /// - Throws: `DatasetError.unknownDataset` listing the known names.
    public static func descriptor(_ name: String) throws -> DatasetDescriptor {
        guard let d = catalog.first(where: { $0.name == name.lowercased() }) else {
            throw DatasetError.unknownDataset(name: name, known: names)
        }
        return d
    }

    /// A place searched for a data set's folder, with a phrase saying why it is searched.
    public struct SearchLocation: Sendable, Equatable {
        /// The folder that would hold the files.
        public var folder: URL
        /// Why it is searched (for messages), e.g. "--data-dir", "$QUANTA_DATA".
        public var origin: String
    }

    /// The folders searched for `name`, in order (they need not exist).
    ///
    /// - Parameters:
    ///   - dataDir: an explicit data root (`--data-dir`).
    ///   - environment: the environment to read `QUANTA_DATA` from.
    ///   - executable: the running executable, for the project `data/` folder next to it.
    public static func searchLocations(for name: String, dataDir: URL? = nil,
                                       environment: [String: String] = ProcessInfo.processInfo.environment,
                                       executable: URL? = currentExecutable()) throws -> [SearchLocation] {
        let d = try descriptor(name)
        var places = [SearchLocation]()
        if let dataDir { places.append(SearchLocation(folder: dataDir.appendingPathComponent(d.name), origin: "--data-dir")) }
        if let root = environment["QUANTA_DATA"], !root.isEmpty {
            places.append(SearchLocation(folder: URL(fileURLWithPath: root).appendingPathComponent(d.name), origin: "$QUANTA_DATA"))
        }
        for deb in d.debian {
            places.append(SearchLocation(folder: URL(fileURLWithPath: deb.directory), origin: "Debian package \(deb.package)"))
        }
        for root in projectDataRoots(executable: executable) {
            places.append(SearchLocation(folder: root.folder.appendingPathComponent(d.name), origin: root.origin))
        }
        var seen = Set<String>()
        return places.filter { seen.insert($0.folder.standardizedFileURL.path).inserted }
    }

    /// Candidate project `data/` roots: current directory, around the executable, and the
    /// source checkout this module was compiled from.
    static func projectDataRoots(executable: URL?) -> [SearchLocation] {
        var roots = [SearchLocation]()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        roots.append(SearchLocation(folder: cwd.appendingPathComponent("data"), origin: "project data/ in the current directory"))
        if let exe = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            // .build/release/quanta and .build/<triple>/release/quanta are 2 and 3 levels below the checkout.
            for up in 2...3 {
                var dir = exe
                for _ in 0..<up { dir = dir.deletingLastPathComponent() }
                roots.append(SearchLocation(folder: dir.appendingPathComponent("data"), origin: "project data/ \(up) levels above the executable"))
            }
            roots.append(SearchLocation(folder: exe.deletingLastPathComponent().appendingPathComponent("share/quanta/data"), origin: "install prefix share/quanta/data"))
        }
        // #filePath is Sources/Datasets/DatasetRegistry.swift in the checkout that built this binary.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        roots.append(SearchLocation(folder: checkout.appendingPathComponent("data"), origin: "project data/ of the source checkout"))
        return roots
    }

    /// The running executable's path, if the platform tells.
    public static func currentExecutable() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        return Bundle.main.executableURL
    }

    /// The folder holding all of `name`'s files, searched in the documented order.
    /// - Throws: `DatasetError.notFound` naming every place looked in and how to get the set.
    public static func locate(_ name: String, dataDir: URL? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let d = try descriptor(name)
        if let dataDir { try checkDataRoot(dataDir) }
        var searched = [String]()
        if dataDir == nil { searched.append("--data-dir DIR: not given") }
        if (environment["QUANTA_DATA"] ?? "").isEmpty { searched.append("$QUANTA_DATA: not set") }
        for place in try searchLocations(for: name, dataDir: dataDir, environment: environment) {
            switch d.resolve(in: place.folder) {
            case .success: return place.folder
            case .failure(let missing):
                let exists = FileManager.default.fileExists(atPath: place.folder.path)
                let note = exists ? "folder exists but lacks \(missing.names.joined(separator: ", "))" : "no such folder"
                searched.append("\(place.folder.path) (\(place.origin): \(note))")
            }
        }
        var how = d.debian.map { "apt-get install \($0.package)   (installs into \($0.directory))" }
        how.append("quanta datasets fetch \(d.name) [--data-dir DIR]   (downloads from \(URL(string: d.files[0].url)?.host ?? d.files[0].url), checks SHA-256)")
        if d.embedded {
            how.append("copy data/\(d.name) from the Quanta source tree (it ships there) next to the binary as ../share/quanta/data/\(d.name), or point QUANTA_DATA at that data/ folder")
        }
        how.append("or put the files (\(d.files.map { $0.names[0] }.joined(separator: ", "))) in DIR/\(d.name) and pass --data-dir DIR or set QUANTA_DATA=DIR")
        throw DatasetError.notFound(name: d.name, searched: searched, howToGet: how)
    }

    /// An explicit data root must be an existing folder: a mistyped one is an error, never a
    /// silent fall-back to another copy of the data.
    public static func checkDataRoot(_ root: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
            throw DatasetError.invalidArgument("--data-dir \(root.path) does not exist")
        }
        guard isFolder.boolValue else { throw DatasetError.invalidArgument("--data-dir \(root.path) is a file, not a folder") }
    }

    /// The folder `locate` would return, or nil when the set is nowhere (no error).
    public static func find(_ name: String, dataDir: URL? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        try? locate(name, dataDir: dataDir, environment: environment)
    }

    /// Loads `name` from the first place that has it (see the type's documentation).
    /// A generated series (`SeriesGenerator`, e.g. "narma10:seed=3") is generated instead.
    public static func load(_ name: String, dataDir: URL? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Dataset {
        if let generator = SeriesGenerator.named(name) { return try generator.load(name) }
        return try load(name, from: locate(name, dataDir: dataDir, environment: environment))
    }

    /// Loads `name` from exactly `folder` (which holds the files directly).
    public static func load(_ name: String, from folder: URL) throws -> Dataset {
        let d = try descriptor(name)
        let paths: [URL]
        switch d.resolve(in: folder) {
        case .success(let found): paths = found
        case .failure(let missing):
            throw DatasetError.notFound(name: d.name, searched: ["\(folder.path) (lacks \(missing.names.joined(separator: ", ")))"], howToGet: [])
        }
        let (train, test, classes) = try d.reader(paths, d)
        let info = DatasetInfo(name: d.name, title: d.title, task: d.task, classes: classes, sampleShape: train.sampleShape,
                               trainCount: train.count, testCount: test?.count, source: d.source, license: d.license,
                               location: folder.path)
        return Dataset(info: info, train: train, test: test)
    }

    /// Loads `name` and returns its `info`.
    public static func info(_ name: String, dataDir: URL? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatasetInfo {
        try load(name, dataDir: dataDir, environment: environment).info
    }
}
