import CZlib
import Foundation

/// A minimal PNG writer (greyscale, 8 bits, no interlace) on the system zlib, so images a run
/// produces — adversarial examples, denoised digits, fitted fields — can be looked at.
public enum PNG {
    /// The PNG file of a greyscale image [height, width] with `pixels` in [0, 1] (clipped), row-major.
    public static func greyscale(_ pixels: [Float], width: Int, height: Int) -> Data {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "PNG: \(pixels.count) pixels for \(width)×\(height)")
        var raw = [UInt8]()
        raw.reserveCapacity(height * (width + 1))
        for row in 0..<height {
            raw.append(0)   // filter type 0: none
            for v in pixels[(row * width)..<((row + 1) * width)] {
                raw.append(UInt8((Swift.min(Swift.max(v.isNaN ? 0 : v, 0), 1) * 255).rounded()))
            }
        }
        var file = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]   // 8 bits, greyscale, deflate, adaptive filtering, no interlace
        file += chunk("IHDR", header)
        file += chunk("IDAT", deflated(raw))
        file += chunk("IEND", [])
        return file
    }

    /// Images [height, width] laid out in a grid of `columns`, one pixel of `gap` (value 1) between them.
    public static func grid(_ images: [[Float]], width: Int, height: Int, columns: Int, gap: Int = 1) -> (pixels: [Float], width: Int, height: Int) {
        precondition(!images.isEmpty && columns > 0 && images.allSatisfy { $0.count == width * height }, "PNG.grid: images of \(width)×\(height)")
        let rows = (images.count + columns - 1) / columns
        let w = columns * width + (columns - 1) * gap, h = rows * height + (rows - 1) * gap
        var out = [Float](repeating: 1, count: w * h)
        for (k, image) in images.enumerated() {
            let (top, left) = ((k / columns) * (height + gap), (k % columns) * (width + gap))
            for i in 0..<height {
                for j in 0..<width { out[(top + i) * w + left + j] = image[i * width + j] }
            }
        }
        return (out, w, h)
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return Data(bigEndian(UInt32(body.count)) + typed + bigEndian(crc))
    }

    /// A zlib stream of `bytes` (compress2 at level 6).
    static func deflated(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&out, &size, bytes, uLong(bytes.count), 6)
        precondition(status == Z_OK, "PNG: zlib compress2 failed with \(status)")   // only on memory exhaustion
        return Array(out.prefix(Int(size)))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
}
