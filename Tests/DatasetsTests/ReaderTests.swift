import Foundation
import Testing
import Tensor
@testable import Datasets

@Suite struct GzipTests {
    @Test func roundTripAndMultiMember() throws {
        let text = Array(String(repeating: "quanta 0123456789\n", count: 500).utf8)
        let packed = Gzip.compress(text)
        #expect(Gzip.isGzip(packed))
        #expect(try Gzip.decompress(packed, file: "t.gz") == text)
        #expect(try Gzip.decompress(packed + Gzip.compress(text), file: "t.gz") == text + text)
        #expect(try Gzip.decompress(packed + [0, 0, 0], file: "t.gz") == text) // zero padding, as gzip(1) allows
    }

    @Test func truncatedCorruptAndOversized() throws {
        let text = Array(String(repeating: "abc", count: 4000).utf8)
        let packed = Gzip.compress(text)
        #expect { try Gzip.decompress(Array(packed.prefix(packed.count / 2)), file: "half.gz") } throws: { e in
            expectMessage(e, contains: ["half.gz"]); return true
        }
        var flipped = packed
        flipped[12] ^= 0xFF
        #expect(throws: DatasetError.self) { try Gzip.decompress(flipped, file: "flip.gz") }
        #expect { try Gzip.decompress(packed, file: "big.gz", limit: 1000) } throws: { e in
            expectMessage(e, contains: ["big.gz", "1000"]); return true
        }
        #expect(throws: DatasetError.self) { try Gzip.decompress(packed + [1, 2, 3], file: "junk.gz") }
    }
}

@Suite struct IDXTests {
    @Test func everyElementType() throws {
        let u8 = try IDXArray(bytes: TestData.idx(type: 0x08, shape: [2, 3], payload: [0, 1, 2, 253, 254, 255]), file: "u8")
        #expect(u8.shape == [2, 3])
        #expect(u8.doubles() == [0, 1, 2, 253, 254, 255])
        #expect(u8.tensor(scale: 1 / 255).scalars[5] == 1)
        let i8 = try IDXArray(bytes: TestData.idx(type: 0x09, shape: [2], payload: [0xFF, 0x7F]), file: "i8")
        #expect(i8.doubles() == [-1, 127])
        let i16 = try IDXArray(bytes: TestData.idx(type: 0x0B, shape: [2], payload: [0xFF, 0xFE, 0x01, 0x00]), file: "i16")
        #expect(i16.doubles() == [-2, 256])
        let i32 = try IDXArray(bytes: TestData.idx(type: 0x0C, shape: [1], payload: [0xFF, 0xFF, 0xFF, 0xFD]), file: "i32")
        #expect(i32.doubles() == [-3])
        let f32 = try IDXArray(bytes: TestData.idx(type: 0x0D, shape: [1], payload: [0x3F, 0xC0, 0, 0]), file: "f32")
        #expect(f32.doubles() == [1.5])
        let f64 = try IDXArray(bytes: TestData.idx(type: 0x0E, shape: [1], payload: [0xC0, 0x04, 0, 0, 0, 0, 0, 0]), file: "f64")
        #expect(f64.doubles() == [-2.5])
        #expect(throws: DatasetError.self) { try f32.integers(file: "f32") }
    }

    @Test func badHeadersNameFileAndOffset() {
        func check(_ bytes: [UInt8], _ parts: [String]) {
            #expect { try IDXArray(bytes: bytes, file: "bad.idx") } throws: { e in
                expectMessage(e, contains: ["bad.idx"] + parts); return true
            }
        }
        check([0, 0], ["ends inside"])
        check([1, 2, 8, 1, 0, 0, 0, 1, 9], ["byte 0", "magic"])
        check([0, 0, 0x42, 1, 0, 0, 0, 1, 9], ["byte 2", "element type"])
        check([0, 0, 8, 0], ["rank 0"])
        check([0, 0, 8, 3, 0, 0], ["header"])
        check(TestData.idx(type: 8, shape: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], payload: [1, 2, 3]), ["2^63"])
        check(TestData.idx(type: 8, shape: [60000, 28, 28], payload: [1, 2, 3]), ["47040000", "truncated"])
        check(TestData.idx(type: 8, shape: [2], payload: [1, 2, 3]), ["trailing"])
    }

    @Test func gzippedFileFromDisk() throws {
        let folder = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a-idx1-ubyte.gz")
        try Data(Gzip.compress(TestData.idx(type: 8, shape: [3], payload: [7, 8, 9]))).write(to: url)
        #expect(try IDXArray(contentsOf: url).integers(file: url.path) == [7, 8, 9])

        // A compressed header claiming 47 MB in a file of a few dozen bytes is refused
        // before anything of that size is decompressed or allocated.
        let liar = folder.appendingPathComponent("liar-idx3-ubyte.gz")
        try Data(Gzip.compress(TestData.idx(type: 8, shape: [60000, 28, 28], payload: [1, 2, 3]))).write(to: liar)
        #expect { try IDXArray(contentsOf: liar) } throws: { e in
            expectMessage(e, contains: [liar.path, "47040000", "compressed bytes can hold"]); return true
        }
        let huge = folder.appendingPathComponent("huge-idx3-ubyte.gz")
        try Data(Gzip.compress(TestData.idx(type: 0x0E, shape: [0xFFFF_FFFF, 0xFFFF_FFFF, 2], payload: []))).write(to: huge)
        #expect { try IDXArray(contentsOf: huge) } throws: { e in
            expectMessage(e, contains: [huge.path, "2^63"]); return true
        }
        let long = folder.appendingPathComponent("long-idx1-ubyte.gz")
        try Data(Gzip.compress(TestData.idx(type: 8, shape: [3], payload: [UInt8](repeating: 1, count: 300_000)))).write(to: long)
        #expect { try IDXArray(contentsOf: long) } throws: { e in
            expectMessage(e, contains: [long.path]); return true
        }
    }
}

@Suite struct CSVTests {
    @Test func parsesHeaderQuotesCRLFAndBlankLines() throws {
        let text = "\"YEAR\",\"SUN\"\r\n1700, 5.0\r\n\r\n1701,\"11\"\n"
        let t = try CSVTable(bytes: Array(text.utf8), file: "s.csv", hasHeader: true)
        #expect(t.header == ["YEAR", "SUN"])
        #expect(t.rows == 2 && t.columns == 2)
        #expect(t.values == [1700, 5, 1701, 11])
        #expect(t.column(1) == [5, 11])
    }

    @Test func errorsNameLineAndColumn() {
        func check(_ text: String, _ parts: [String], missing: CSVTable.Missing = .error) {
            #expect { try CSVTable(bytes: Array(text.utf8), file: "t.csv", hasHeader: true, missing: missing) } throws: { e in
                expectMessage(e, contains: ["t.csv"] + parts); return true
            }
        }
        check("a,b\n1,2\n3\n", ["line 3", "1 fields", "header has 2"])
        check("a,b\n1,2\n3,x4\n", ["line 3, column 3", "\"x4\""])
        check("a,b\n1,\n", ["line 2, column 3", "empty"])
        check("a,b\n1,inf\n", ["not a finite number"])
        check("a,b\n1,0x10\n", ["not a finite number"])
    }

    /// Issue #14 item 8: spreadsheet exports begin with a UTF-8 byte-order mark.
    @Test func byteOrderMarkIsSkipped() throws {
        let t = try CSVTable(bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8), file: "bom.csv", hasHeader: true)
        #expect(t.header == ["a", "b"] && t.values == [1, 2])
        #expect { try CSVTable(bytes: Array("a,".utf8) + [0xE9] + Array("\n1,2\n".utf8), file: "h.csv", hasHeader: true) } throws: { e in
            expectMessage(e, contains: ["h.csv", "line 1", "UTF-8"]); return true
        }
    }

    @Test func missingAsNaN() throws {
        let t = try CSVTable(bytes: Array("a,b\n1,\n".utf8), file: "m.csv", hasHeader: true, missing: .nan)
        #expect(t.values[0] == 1 && t.values[1].isNaN)
    }
}

@Suite struct TimeSeriesFileTests {
    static let sample = """
    # comment
    @problemName Toy
    @seriesLength 3
    @classLabel true a b
    @data
    1,2,3:b
    4,5,6:a
    """

    @Test func parsesUnivariate() throws {
        let f = try TimeSeriesFile(bytes: Array(Self.sample.utf8), file: "toy.ts")
        #expect(f.problemName == "Toy")
        #expect(f.classLabels == ["a", "b"])
        #expect(f.labels == [1, 0])
        #expect(f.features.shape == [2, 3])
        #expect(f.features.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func parsesMultivariate() throws {
        let text = "@classLabel true x y\n@data\n1,2:3,4:y\n5,6:7,8:x\n"
        let f = try TimeSeriesFile(bytes: Array(text.utf8), file: "mv.ts")
        #expect(f.features.shape == [2, 2, 2])
        #expect(f.labels == [1, 0])
    }

    @Test func errors() {
        func check(_ text: String, _ parts: [String]) {
            #expect { try TimeSeriesFile(bytes: Array(text.utf8), file: "e.ts") } throws: { e in
                expectMessage(e, contains: ["e.ts"] + parts); return true
            }
        }
        check(Self.sample + "\n7,8:a", ["line 8", "length 2, expected 3"])
        check(Self.sample + "\n7,8,9:c", ["line 8", "\"c\""])
        check(Self.sample + "\n7,8,9", ["line 8", "no ':label'"])
        check("@classLabel true a\n", ["no @data"])
        check("@data\n1,2:a\n", ["@classLabel"])
        check(Self.sample.replacingOccurrences(of: "4,5,6", with: "4,?,6"), ["line 7", "\"?\""])
    }
}

@Suite struct MonthlyTableTests {
    @Test func parsesTableWithNotes() throws {
        let text = "  TITLE\nYear Jan Feb\n----\n1749 1 2 3 4 5 6 7 8 9 10 11 12\n\n1750 13 14\n-----\nNo observations in 1824.\n"
        let t = try MonthlyTable(bytes: Array(text.utf8), file: "m.dat")
        #expect(t.firstYear == 1749)
        #expect(t.values == (1...14).map(Double.init))
    }

    @Test func errors() {
        #expect(throws: DatasetError.self) { try MonthlyTable(bytes: Array("1749 1 2\n1750 3\n".utf8), file: "m.dat") }
        #expect(throws: DatasetError.self) { try MonthlyTable(bytes: Array("1749 1 2 3 4 5 6 7 8 9 10 11 12\n1751 1\n".utf8), file: "m.dat") }
        #expect(throws: DatasetError.self) { try MonthlyTable(bytes: Array("no data\n".utf8), file: "m.dat") }
        #expect(throws: DatasetError.self) { try MonthlyTable(bytes: Array("1749 1 x\n".utf8), file: "m.dat") }
    }
}
