import Foundation
import Testing
import Tensor
@testable import Datasets

@Suite struct RegistryTests {
    @Test func requiredNamesAreRegistered() {
        for name in ["mnist", "fashion-mnist", "digits", "iris", "wine", "breast-cancer", "sunspots", "italy-power-demand", "gunpoint"] {
            #expect(DatasetRegistry.names.contains(name), "\(name)")
        }
        #expect { try DatasetRegistry.descriptor("cifar-10") } throws: { e in
            expectMessage(e, contains: ["cifar-10", "mnist", "iris"]); return true
        }
    }

    @Test func embeddedSetsLoadFromProjectData() throws {
        let env = TestData.cleanEnvironment
        let iris = try DatasetRegistry.load("iris", environment: env)
        #expect(iris.train.features.shape == [150, 4])
        #expect(iris.info.classes == ["setosa", "versicolor", "virginica"])
        #expect(iris.train.features.scalars.prefix(4) == [5.1, 3.5, 1.4, 0.2])
        #expect(iris.test == nil)
        #expect((0..<3).map { c in iris.train.labels.filter { $0 == c }.count } == [50, 50, 50])

        let wine = try DatasetRegistry.load("wine", environment: env)
        #expect(wine.train.features.shape == [178, 13])
        #expect((0..<3).map { c in wine.train.labels.filter { $0 == c }.count } == [59, 71, 48])

        let cancer = try DatasetRegistry.load("breast-cancer", environment: env)
        #expect(cancer.train.features.shape == [569, 30])
        #expect(cancer.info.classes == ["malignant", "benign"])
        #expect(cancer.train.labels.filter { $0 == 0 }.count == 212)

        let digits = try DatasetRegistry.load("digits", environment: env)
        #expect(digits.train.features.shape == [1797, 1, 8, 8])
        #expect(digits.train.features.scalars.max() == 1)
        #expect(Set(digits.train.labels) == Set(0...9))

        let sun = try DatasetRegistry.load("sunspots", environment: env)
        #expect(sun.info.task == .forecasting)
        #expect(sun.train.features.shape == [3126, 1])
        #expect(sun.train.features.scalars.prefix(3) == [58.0, 62.6, 70.0])
        #expect(sun.train.features.scalars.last == 2.6)

        let italy = try DatasetRegistry.load("italy-power-demand", environment: env)
        #expect(italy.train.features.shape == [67, 24])
        #expect(italy.test?.features.shape == [1029, 24])
        #expect(italy.info.classes == ["1", "2"])
        #expect(italy.train.labels.filter { $0 == 0 }.count == 34)
        #expect(italy.test?.labels.filter { $0 == 1 }.count == 516)
        #expect(italy.info.location.hasSuffix("data/italy-power-demand"))
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist"),
                   "dataset-fashion-mnist is installed here, so fashion-mnist is not missing"))
    func missingSetListsEveryPlaceAndHowToGetIt() throws {
        let empty = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        var env = TestData.cleanEnvironment
        env["QUANTA_DATA"] = empty.appendingPathComponent("env-root").path
        #expect { try DatasetRegistry.load("fashion-mnist", dataDir: empty, environment: env) } throws: { e in
            expectMessage(e, contains: [
                empty.appendingPathComponent("fashion-mnist").path, "--data-dir",
                empty.appendingPathComponent("env-root/fashion-mnist").path, "$QUANTA_DATA",
                "/usr/share/datasets/fashion-mnist", "apt-get install dataset-fashion-mnist",
                "data/fashion-mnist", "quanta datasets fetch fashion-mnist", "train-images-idx3-ubyte.gz",
            ])
            return true
        }
    }

    @Test func missingSetSaysWhichOptionsWereNotGiven() {
        #expect { try DatasetRegistry.locate("gunpoint", environment: TestData.cleanEnvironment) } throws: { e in
            expectMessage(e, contains: ["--data-dir DIR: not given", "$QUANTA_DATA: not set", "data/gunpoint", "quanta datasets fetch gunpoint"])
            return true
        }
    }

    @Test func lookupOrderPrefersDataDirThenEnvironment() throws {
        let a = try TestData.temporaryFolder(), b = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let source = TestData.projectData.appendingPathComponent("iris/iris.csv")
        for root in [a, b] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("iris"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: root.appendingPathComponent("iris/iris.csv"))
        }
        var env = TestData.cleanEnvironment
        env["QUANTA_DATA"] = b.path
        #expect(try DatasetRegistry.locate("iris", dataDir: a, environment: env).path == a.appendingPathComponent("iris").path)
        #expect(try DatasetRegistry.locate("iris", dataDir: nil, environment: env).path == b.appendingPathComponent("iris").path)
        let places = try DatasetRegistry.searchLocations(for: "iris", dataDir: a, environment: env,
                                                         executable: URL(fileURLWithPath: "/opt/x/.build/release/quanta"))
        #expect(places.map(\.origin).prefix(3) == ["--data-dir", "$QUANTA_DATA", "Debian package python3-sklearn"])
        #expect(places.contains { $0.folder.path == "/opt/x/data/iris" })
        #expect(places.contains { $0.folder.path == "/opt/x/.build/share/quanta/data/iris" })
    }

    @Test func partialFolderIsReportedAsIncomplete() throws {
        let root = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("italy-power-demand")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestData.projectData.appendingPathComponent("italy-power-demand/ItalyPowerDemand_TRAIN.ts"),
                                         to: folder.appendingPathComponent("ItalyPowerDemand_TRAIN.ts"))
        #expect { try DatasetRegistry.load("italy-power-demand", from: folder) } throws: { e in
            expectMessage(e, contains: ["ItalyPowerDemand_TEST.ts"]); return true
        }
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func mnistFromSharedFolder() throws {
        let start = Date()
        let mnist = try DatasetRegistry.load("mnist", dataDir: TestData.shared, environment: TestData.cleanEnvironment)
        let seconds = Date().timeIntervalSince(start)
        #expect(mnist.train.features.shape == [60000, 1, 28, 28])
        #expect(mnist.test?.features.shape == [10000, 1, 28, 28])
        #expect(Array(mnist.train.labels.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        #expect((0...9).map { c in mnist.train.labels.filter { $0 == c }.count }
                == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect((0...9).map { c in mnist.test!.labels.filter { $0 == c }.count }
                == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        let stats = Normalization.fit(mnist.train.features)
        #expect(abs(stats.mean[0] - 0.1307) < 1e-3 && abs(stats.std[0] - 0.3081) < 1e-3)
        #expect(mnist.info.location == TestData.shared.appendingPathComponent("mnist").path)
        print("MNIST (gzip) loaded in \(String(format: "%.2f", seconds)) s")
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func fashionMnistAndGunPointFromQuantaData() throws {
        var env = TestData.cleanEnvironment
        env["QUANTA_DATA"] = TestData.shared.path
        let fashion = try DatasetRegistry.load("fashion-mnist", environment: env)
        #expect(fashion.info.classes?.count == 10 && fashion.info.classes?[9] == "Ankle boot")
        #expect((0...9).allSatisfy { c in fashion.test!.labels.filter { $0 == c }.count == 1000 })
        let gun = try DatasetRegistry.load("gunpoint", environment: env)
        #expect(gun.train.features.shape == [50, 150])
        #expect(gun.test?.features.shape == [150, 150])
        #expect(gun.train.labels.filter { $0 == 0 }.count == 24)
        #expect(gun.test?.labels.filter { $0 == 0 }.count == 76)
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func embeddedCopiesMatchShared() throws {
        for d in DatasetRegistry.all where d.embedded {
            for file in d.files {
                let ours = TestData.projectData.appendingPathComponent(d.name).appendingPathComponent(file.names[0])
                #expect(try FileBytes.readRaw(ours) == FileBytes.readRaw(TestData.shared.appendingPathComponent(d.name).appendingPathComponent(file.names[0])))
                try DatasetRegistry.verify(ours, against: file.sha256)
            }
        }
    }

    @Test func userCSVFile() throws {
        let folder = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("mine.csv")
        try Data("x,y,kind\n1,2,7\n3,4,3\n5,6,7\n".utf8).write(to: url)
        let c = try DatasetRegistry.loadCSV(url)
        #expect(c.train.features.scalars == [1, 2, 3, 4, 5, 6])
        #expect(c.train.labels == [1, 0, 1] && c.info.classes == ["3", "7"])
        let r = try DatasetRegistry.loadCSV(url, targetColumn: 0, task: .regression)
        #expect(r.train.targets?.scalars == [1, 3, 5] && r.train.features.scalars == [2, 7, 4, 3, 6, 7])
        #expect(throws: DatasetError.self) { try DatasetRegistry.loadCSV(url, targetColumn: 5) }
        try Data("x,y\n1,2.5\n".utf8).write(to: url)
        #expect { try DatasetRegistry.loadCSV(url) } throws: { e in expectMessage(e, contains: ["mine.csv", "line 2", "not an integer"]); return true }
    }
}
