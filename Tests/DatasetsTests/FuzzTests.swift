import Foundation
import Testing
import Tensor
@testable import Datasets

/// Seeded fuzzing: hundreds of damaged IDX, gzip, CSV, .ts and table inputs. Each must
/// either parse into something consistent or throw a `DatasetError` whose message names
/// the file — never crash, never allocate what the header claims without checking.
@Suite struct FuzzTests {
    /// One random damage to `bytes`.
    static func mutate(_ bytes: [UInt8], _ rng: inout RandomGenerator) -> [UInt8] {
        var b = bytes
        func position() -> Int { b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count)) }
        switch rng.next() % 7 {
        case 0: b = Array(b.prefix(position()))                                   // truncate
        case 1: for _ in 0...(rng.next() % 4) where !b.isEmpty { b[position()] = UInt8(truncatingIfNeeded: rng.next()) } // garble
        case 2: b.insert(contentsOf: (0..<(1 + Int(rng.next() % 8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: position())
        case 3: if !b.isEmpty { let p = position(); b.removeSubrange(p..<min(b.count, p + 1 + Int(rng.next() % 16))) }
        case 4: b += (0..<(1 + Int(rng.next() % 32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) } // trailing junk
        case 5: // a common text-level slip: a separator doubled or a field emptied
            let separators: [UInt8] = [44, 58, 10, 32]
            if let i = b.indices.shuffled(using: &rng).first(where: { separators.contains(b[$0]) }) { b.insert(b[i], at: i) }
        default: b = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } // pure noise
        }
        return b
    }

    /// The first `n` lines of a text.
    static func firstLines(_ bytes: [UInt8], _ n: Int) -> [UInt8] {
        var lines = 0
        let end = bytes.firstIndex { byte in
            if byte == 10 { lines += 1 }
            return lines == n
        } ?? bytes.count - 1
        return Array(bytes[...end])
    }

    /// Runs `parse`; returns whether it threw, failing the test for non-`DatasetError`s or
    /// messages without the file name.
    static func outcome(_ file: String, _ parse: () throws -> Void) -> Bool {
        do {
            try parse()
            return false
        } catch let error as DatasetError {
            #expect(error.description.contains(file), "message \(error.description.debugDescription) does not name \(file)")
            return true
        } catch {
            Issue.record("\(file): not a DatasetError: \(error)")
            return true
        }
    }

    @Test func idxRawAndGzip() throws {
        let folder = try TestData.temporaryFolder("quanta-fuzz-idx")
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = RandomGenerator(seed: 2024)
        var failures = 0, cases = 0
        for round in 0..<300 {
            let type = IDXArray.ElementType.allCases[Int(rng.next() % 6)]
            let shape = (0..<(1 + Int(rng.next() % 3))).map { _ in 1 + Int(rng.next() % 5) }
            let count = shape.reduce(1, *) * type.size
            var bytes = TestData.idx(type: type.rawValue, shape: shape, payload: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            switch round % 3 {
            case 0: bytes = Self.mutate(bytes, &rng)
            case 1: // absurd dimensions in an otherwise intact header
                let axis = Int(rng.next() % UInt64(shape.count))
                for k in 0..<4 { bytes[4 + 4 * axis + k] = UInt8(truncatingIfNeeded: rng.next()) }
                if rng.next() % 2 == 0 { bytes[3] = UInt8(truncatingIfNeeded: rng.next()) } // wrong rank
            default: bytes = Self.mutate(Gzip.compress(bytes), &rng)
            }
            let file = "fuzz-\(round).idx"
            cases += 1
            if Self.outcome(file, {
                let array: IDXArray
                if round % 3 == 2 { // through the file reader, which checks gzip headers before inflating
                    let url = folder.appendingPathComponent(file)
                    try Data(bytes).write(to: url)
                    array = try IDXArray(contentsOf: url)
                } else {
                    array = try IDXArray(bytes: bytes, file: file)
                }
                #expect(array.payload.count == array.count * array.elementType.size)
                #expect(array.doubles().count == array.count)
            }) { failures += 1 }
        }
        #expect(cases == 300)
        print("IDX fuzz: \(failures) of \(cases) damaged inputs rejected with a DatasetError")
        #expect(failures > 250, "only \(failures) of \(cases) damaged IDX inputs were rejected")
    }

    @Test func textFormats() throws {
        let sources: [(String, [UInt8], (URL) throws -> Void)] = [
            ("iris.csv", try FileBytes.readRaw(TestData.projectData.appendingPathComponent("iris/iris.csv")),
             { _ = try DatasetRegistry.readSklearnTable([$0], DatasetRegistry.descriptor("iris")) }),
            ("digits.csv", Self.firstLines(try FileBytes.read(TestData.projectData.appendingPathComponent("digits/digits.csv.gz")), 12),
             { _ = try DatasetRegistry.readDigits([$0], DatasetRegistry.descriptor("digits")) }),
            ("Italy_TRAIN.ts", try FileBytes.readRaw(TestData.projectData.appendingPathComponent("italy-power-demand/ItalyPowerDemand_TRAIN.ts")),
             { _ = try TimeSeriesFile(contentsOf: $0) }),
            ("sunspots_monthly.dat", try FileBytes.readRaw(TestData.projectData.appendingPathComponent("sunspots/sunspots_monthly.dat")),
             { _ = try MonthlyTable(contentsOf: $0) }),
        ]
        let folder = try TestData.temporaryFolder("quanta-fuzz")
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = RandomGenerator(seed: 77)
        var rejected = 0, cases = 0
        for (name, original, load) in sources {
            let pristine = folder.appendingPathComponent("pristine-\(name)")
            try Data(original).write(to: pristine)
            try load(pristine) // the undamaged input parses
            for round in 0..<75 {
                var bytes = Self.mutate(original, &rng)
                if round % 5 == 4 { bytes = Self.mutate(Gzip.compress(bytes), &rng) } // damaged gzip around text
                let url = folder.appendingPathComponent("\(round)-\(name)")
                try Data(bytes).write(to: url)
                cases += 1
                if Self.outcome(url.lastPathComponent, { try load(url) }) { rejected += 1 }
            }
        }
        #expect(cases == 300)
        print("text fuzz: \(rejected) of \(cases) damaged inputs rejected with a DatasetError")
        // Some damage leaves a valid file (a digit changed into another); most must be caught.
        #expect(rejected > 150, "only \(rejected) of \(cases) damaged text inputs were rejected")
    }

    @Test func damagedImageFolders() throws {
        let root = try TestData.temporaryFolder("quanta-fuzz-idx")
        defer { try? FileManager.default.removeItem(at: root) }
        var rng = RandomGenerator(seed: 3)
        let pixels = (0..<(6 * 4 * 4)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let images = TestData.idx(type: 8, shape: [6, 4, 4], payload: pixels)
        let labels = TestData.idx(type: 8, shape: [6], payload: [0, 1, 2, 3, 4, 5])
        let folder = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
        func write(_ contents: [[UInt8]]) throws {
            for (name, bytes) in zip(names, contents) { try Data(Gzip.compress(bytes)).write(to: folder.appendingPathComponent(name)) }
        }
        try write([images, labels, images, labels])
        let good = try DatasetRegistry.load("mnist", from: folder)
        #expect(good.train.features.shape == [6, 1, 4, 4] && good.test?.labels == [0, 1, 2, 3, 4, 5])

        let damaged: [([[UInt8]], String)] = [
            ([images, TestData.idx(type: 8, shape: [5], payload: [0, 1, 2, 3, 4]), images, labels], "5 labels for 6 images"),
            ([images, TestData.idx(type: 8, shape: [6], payload: [0, 1, 2, 3, 4, 11]), images, labels], "label 11"),
            ([labels, labels, images, labels], "expected 8-bit images"),
            ([images, labels, TestData.idx(type: 8, shape: [6, 5, 4], payload: Array(pixels) + Array(pixels.prefix(24))), labels], "test images"),
        ]
        for (contents, expected) in damaged {
            try write(contents)
            #expect { try DatasetRegistry.load("mnist", from: folder) } throws: { e in
                expectMessage(e, contains: [expected]); return true
            }
        }
    }
}
