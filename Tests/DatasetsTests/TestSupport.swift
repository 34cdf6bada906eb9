import Foundation
@testable import Datasets

/// Paths and helpers shared by the tests.
enum TestData {
    /// The repository root (this file is Tests/DatasetsTests/TestSupport.swift).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// ../shared/datasets next to the repository (read-only real data).
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
    /// Whether the shared data folder is there.
    static let hasShared = FileManager.default.fileExists(atPath: shared.appendingPathComponent("mnist/train-labels-idx1-ubyte.gz").path)
    /// The reason tests needing it are disabled when it is absent.
    static let sharedMissing: Comment = "needs ../shared/datasets next to the repository"
    /// The project's embedded data folder.
    static let projectData = repoRoot.appendingPathComponent("data")

    /// A fresh empty temporary folder.
    static func temporaryFolder(_ label: String = "quanta-datasets") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An environment without QUANTA_DATA, so tests do not depend on the caller's.
    static let cleanEnvironment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["QUANTA_DATA"] = nil
        return env
    }()

    /// IDX bytes: magic, big-endian dims, then `payload`.
    static func idx(type: UInt8, shape: [Int], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for d in shape { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        return bytes + payload
    }
}

import Testing
import Tensor

/// Whether `error` is a `DatasetError` with a non-empty message containing all `parts`.
func expectMessage(_ error: any Error, contains parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    guard let e = error as? DatasetError else {
        Issue.record("expected a DatasetError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return
    }
    for p in parts where !e.description.contains(p) {
        Issue.record("message \(e.description.debugDescription) lacks \(p.debugDescription)", sourceLocation: sourceLocation)
    }
}
