import Foundation
import Testing
import Tensor
@testable import Datasets

/// Downloads against a loopback server; never the internet.
@Suite(.serialized) struct FetchTests {
    static func embeddedBytes(_ set: String, _ file: String) throws -> [UInt8] {
        try FileBytes.readRaw(TestData.projectData.appendingPathComponent(set).appendingPathComponent(file))
    }

    @Test func fetchVerifiesAndRenamesIntoPlace() throws {
        let train = try Self.embeddedBytes("italy-power-demand", "ItalyPowerDemand_TRAIN.ts")
        let test = try Self.embeddedBytes("italy-power-demand", "ItalyPowerDemand_TEST.ts")
        let server = try LoopbackServer(routes: [
            "/italy-power-demand/ItalyPowerDemand_TRAIN.ts": train,
            "/italy-power-demand/ItalyPowerDemand_TEST.ts": test,
        ])
        defer { server.stop() }
        let root = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        var lines = [String]()
        let folder = try DatasetRegistry.fetch("italy-power-demand", into: root, mirror: server.baseURL, timeout: 20) { lines.append($0) }
        #expect(folder.path == root.appendingPathComponent("italy-power-demand").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["ItalyPowerDemand_TEST.ts", "ItalyPowerDemand_TRAIN.ts"])
        let data = try DatasetRegistry.load("italy-power-demand", dataDir: root, environment: TestData.cleanEnvironment)
        #expect(data.test?.count == 1029)
        #expect(lines.count == 2 && lines[0].contains("127.0.0.1"))

        // A second fetch keeps the verified files and downloads nothing.
        let before = server.requests.count
        try DatasetRegistry.fetch("italy-power-demand", into: root, mirror: server.baseURL, timeout: 20)
        #expect(server.requests.count == before)
    }

    @Test func corruptDownloadIsRejectedAndNotKept() throws {
        var train = try Self.embeddedBytes("iris", "iris.csv")
        train[100] ^= 1
        let server = try LoopbackServer(routes: ["/iris/iris.csv": train])
        defer { server.stop() }
        let root = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect { try DatasetRegistry.fetch("iris", into: root, mirror: server.baseURL, timeout: 20) } throws: { e in
            expectMessage(e, contains: ["iris.csv", "SHA-256", "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"]); return true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("iris").path).isEmpty)
    }

    @Test func recompressedGzipIsAcceptedByContentDigest() throws {
        // A mirror that re-compressed digits.csv.gz: other bytes, same content.
        let original = try Self.embeddedBytes("digits", "digits.csv.gz")
        let recompressed = Gzip.compress(try Gzip.decompress(original, file: "digits.csv.gz"), level: 9)
        #expect(recompressed != original)
        let server = try LoopbackServer(routes: ["/digits/digits.csv.gz": recompressed])
        defer { server.stop() }
        let root = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try DatasetRegistry.fetch("digits", into: root, mirror: server.baseURL, timeout: 20)
        #expect(try DatasetRegistry.load("digits", dataDir: root, environment: TestData.cleanEnvironment).train.count == 1797)
    }

    @Test func httpErrorNamesURLAndStatus() throws {
        let server = try LoopbackServer(routes: [:])
        defer { server.stop() }
        let root = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect { try DatasetRegistry.fetch("wine", into: root, mirror: server.baseURL, timeout: 20) } throws: { e in
            expectMessage(e, contains: ["127.0.0.1", "wine/wine_data.csv", "404"]); return true
        }
        #expect(server.requests == ["/wine/wine_data.csv"])
    }

    @Test func defaultRootAndIntegrityCheck() throws {
        var env = TestData.cleanEnvironment
        env["QUANTA_DATA"] = "/srv/quanta-data"
        #expect(try DatasetRegistry.defaultFetchRoot(environment: env).path == "/srv/quanta-data")
        // Without QUANTA_DATA, the project's data/ folder (this checkout has one).
        let root = try DatasetRegistry.defaultFetchRoot(environment: TestData.cleanEnvironment)
        #expect(root.lastPathComponent == "data")
        for name in ["digits", "iris", "wine", "breast-cancer", "sunspots", "italy-power-demand"] {
            try DatasetRegistry.verifyFiles(name, in: TestData.projectData.appendingPathComponent(name))
        }
        #expect(throws: DatasetError.self) { try DatasetRegistry.verifyFiles("iris", in: TestData.projectData.appendingPathComponent("wine")) }
    }
}
