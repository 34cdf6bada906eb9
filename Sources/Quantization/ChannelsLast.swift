/// Integer operations on channels-last codes: a 4-D `QuantizedActivation` here has shape
/// [N, H, W, C] with codes in that order (the layout oneDNN's int8 convolutions read). Used by
/// `QuantizedModel`'s oneDNN path; the reference path keeps [N, C, H, W].
enum ChannelsLast {
    /// [N, C, H, W] codes (rows `first..<first + count` of `x`) → [count, H, W, C]. O(count·C·H·W).
    static func fromPlanar(_ x: QuantizedActivation, images first: Int, count: Int) -> QuantizedActivation {
        let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
        let plane = h * w, image = c * plane
        let codes = [UInt8](unsafeUninitializedCapacity: count * image) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in
                for n in 0..<count {
                    let s = src.baseAddress! + (first + n) * image
                    let d = out.baseAddress! + n * image
                    if c == 1 {
                        d.update(from: s, count: image)
                        continue
                    }
                    for ch in 0..<c {
                        for p in 0..<plane { d[p * c + ch] = s[ch * plane + p] }
                    }
                }
            }
            initialized = count * image
        }
        return QuantizedActivation(codes: codes, shape: [count, h, w, c], parameters: x.parameters)
    }

    /// [N, H, W, C] → [N, C, H, W] (or [N, C·H·W] with `flatten`). O(N·C·H·W).
    static func toPlanar(_ x: QuantizedActivation, flatten: Bool) -> QuantizedActivation {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let plane = h * w, image = c * plane
        let codes = [UInt8](unsafeUninitializedCapacity: n * image) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in
                for i in 0..<n {
                    let s = src.baseAddress! + i * image
                    let d = out.baseAddress! + i * image
                    for p in 0..<plane {
                        for ch in 0..<c { d[ch * plane + p] = s[p * c + ch] }
                    }
                }
            }
            initialized = n * image
        }
        return QuantizedActivation(codes: codes, shape: flatten ? [n, image] : [n, c, h, w], parameters: x.parameters)
    }

    /// Max pooling without padding on [N, H, W, C] codes (signed codes compared with the sign
    /// bit flipped). O(N·OH·OW·KH·KW·C).
    static func maxPool(_ x: QuantizedActivation, _ config: Pool2DConfig) -> QuantizedActivation {
        let flip: UInt8 = x.parameters.isSigned ? 0x80 : 0
        let (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = ((h - config.kernel.0) / config.stride.0 + 1, (w - config.kernel.1) / config.stride.1 + 1)
        let codes = [UInt8](unsafeUninitializedCapacity: b * oh * ow * c) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in
                maxPool(src.baseAddress!, into: out.baseAddress!, images: b, height: h, width: w, channels: c, config) { $0 ^ flip }
            }
            initialized = b * oh * ow * c
        }
        return QuantizedActivation(codes: codes, shape: [b, oh, ow, c], parameters: x.parameters)
    }

    /// Max pooling of [N, H, W, C] values into [N, OH, OW, C], compared through the order-preserving
    /// `key` (an involution: results are mapped back through it). O(N·OH·OW·KH·KW·C).
    static func maxPool<T: Comparable>(_ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>, images: Int, height h: Int, width w: Int,
                                       channels c: Int, _ config: Pool2DConfig, key: (T) -> T) {
        let (kh, kw) = config.kernel, (sy, sx) = config.stride
        let (oh, ow) = ((h - kh) / sy + 1, (w - kw) / sx + 1)
        for n in 0..<images {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let o = out + ((n * oh + oy) * ow + ox) * c
                    let corner = x + ((n * h + oy * sy) * w + ox * sx) * c
                    for ch in 0..<c { o[ch] = key(corner[ch]) }
                    for ky in 0..<kh {
                        for kx in 0..<kw where ky + kx > 0 {
                            let row = corner + (ky * w + kx) * c
                            for ch in 0..<c { o[ch] = Swift.max(o[ch], key(row[ch])) }
                        }
                    }
                    for ch in 0..<c { o[ch] = key(o[ch]) }
                }
            }
        }
    }

    /// Average pooling without padding on [N, H, W, C] codes: the window's mean code rounded
    /// half up, as `avgPoolCodes`. O(N·OH·OW·KH·KW·C).
    static func averagePool(_ x: QuantizedActivation, _ config: Pool2DConfig) -> QuantizedActivation {
        let flip: UInt8 = x.parameters.isSigned ? 0x80 : 0
        let n = Int32(config.kernel.0 * config.kernel.1)
        var sums = [Int32](repeating: 0, count: x.shape[3])
        return sums.withUnsafeMutableBufferPointer { buffer in
            let sums = buffer.baseAddress!
            return pool(x, config) { corner, offsets, c, out in
                sums.update(repeating: 0, count: c)
                for offset in offsets {
                    let row = corner + offset
                    for ch in 0..<c { sums[ch] += Int32(row[ch] ^ flip) }
                }
                for ch in 0..<c { out[ch] = UInt8((2 * sums[ch] + n) / (2 * n)) ^ flip }
            }
        }
    }

    /// Runs `reduce(corner, offsets, C, out)` for every output pixel: `corner` points at the C
    /// codes of the window's first input pixel and `offsets` are the byte offsets of all its pixels.
    private static func pool(_ x: QuantizedActivation, _ config: Pool2DConfig,
                             reduce: (UnsafePointer<UInt8>, [Int], Int, UnsafeMutablePointer<UInt8>) -> Void) -> QuantizedActivation {
        let (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw) = config.kernel, (sy, sx) = config.stride
        let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
        let offsets = (0..<(kh * kw)).map { ((($0 / kw) * w) + $0 % kw) * c }
        let codes = [UInt8](unsafeUninitializedCapacity: b * oh * ow * c) { out, initialized in
            x.codes.withUnsafeBufferPointer { src in
                for n in 0..<b {
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let corner = src.baseAddress! + ((n * h + oy * sy) * w + ox * sx) * c
                            reduce(corner, offsets, c, out.baseAddress! + ((n * oh + oy) * ow + ox) * c)
                        }
                    }
                }
            }
            initialized = b * oh * ow * c
        }
        return QuantizedActivation(codes: codes, shape: [b, oh, ow, c], parameters: x.parameters)
    }
}
