import CZlib
import Foundation
import Testing
@testable import Datasets

/// The PNG writer's chunks, checksums and pixel rows, read back by hand.
@Suite struct PNGTests {
    /// (type, body) of each chunk after the signature, with each CRC checked.
    static func chunks(_ file: Data) -> [(String, [UInt8])] {
        let bytes = [UInt8](file)
        var out: [(String, [UInt8])] = []
        var at = 8
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let typed = Array(bytes[(at + 4)..<(at + 8 + length)])
            let stored = bytes[(at + 8 + length)..<(at + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            #expect(crc == stored)
            out.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            at += 12 + length
        }
        return out
    }

    @Test func writesAGreyscaleImageThatReadsBack() {
        let pixels: [Float] = [0, 0.5, 1, -3, 2, 0.25]   // 3×2; out-of-range values clip
        let file = PNG.greyscale(pixels, width: 3, height: 2)
        #expect([UInt8](file.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let parts = Self.chunks(file)
        #expect(parts.map(\.0) == ["IHDR", "IDAT", "IEND"])
        #expect(parts[0].1 == [0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0])
        var raw = [UInt8](repeating: 0, count: 8)
        var size = uLong(8)
        #expect(uncompress(&raw, &size, parts[1].1, uLong(parts[1].1.count)) == Z_OK && size == 8)
        #expect(raw == [0, 0, 128, 255, 0, 0, 255, 64])
    }

    @Test func gridsLayImagesOutWithGaps() {
        let grid = PNG.grid([[0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1]], width: 2, height: 2, columns: 2)
        #expect(grid.width == 5 && grid.height == 5)
        #expect(grid.pixels[0] == 0 && grid.pixels[2] == 1 && grid.pixels[3] == 0.5 && grid.pixels[3 * 5] == 1)
    }
}
