import CKernels

/// The unfolding (im2col) of an integer convolution's input and the pooling of its accumulators.
extension QuantizedConv2D {
    /// out[i] = src[i] ^ flip for i < count (uint8 codes become the int8 codes x − 128 with
    /// flip = 0x80), then 64 zero bytes that the 16-byte copies of `im2col` may read. O(count).
    func flipCopy(_ src: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, count: Int, flip: UInt8) {
        // 64-bit lanes: XOR on SIMD64<UInt8> compiles to a loop over the bytes
        let mask = SIMD8<UInt64>(repeating: UInt64(flip) &* 0x0101_0101_0101_0101)
        var i = 0
        while i + 64 <= count {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<UInt64>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: v ^ mask, as: SIMD8<UInt64>.self)
            i += 64
        }
        while i < count { out[i] = src[i] ^ flip; i += 1 }
        (out + count).update(repeating: 0, count: 64)
    }

    /// cols[(c·KH + ky)·KW + kx, image·OH·OW + oy·OW + ox] = x[image, g·C/G + c, iy, ix] for the
    /// channels c of group g, or `fill` outside the input. `x` must be readable 16 bytes past its
    /// end and `cols` writable 16 bytes past its end (the fast path copies whole 16-byte groups;
    /// each overshoot is overwritten by the next run).
    func im2col(_ x: UnsafePointer<UInt8>, _ cols: UnsafeMutablePointer<UInt8>, group: Int = 0, images: Int, height h: Int, width w: Int,
                outHeight oh: Int, outWidth ow: Int, fill: UInt8) {
        let (kh, kw) = kernel, (sy, sx) = config.stride, (py, px) = config.padding, (dy, dx) = config.dilation
        let rowLength = images * oh * ow
        let groupChannels = inChannels / config.groups, first = group * groupChannels
        if (sy, sx, py, px, dy, dx) == (1, 1, 0, 0, 1, 1) {
            // No padding, unit stride and dilation (LeNet's case): every window row is in range.
            for c in 0..<groupChannels {
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        var dst = cols + ((c * kh + ky) * kw + kx) * rowLength
                        for image in 0..<images {
                            var src = x + (image * inChannels + first + c) * h * w + ky * w + kx
                            for _ in 0..<oh { copyRun(src, dst, ow); src += w; dst += ow }
                        }
                    }
                }
            }
            return
        }
        for c in 0..<groupChannels {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let dst = cols + ((c * kh + ky) * kw + kx) * rowLength
                    for image in 0..<images {
                        let plane = x + (image * inChannels + first + c) * h * w
                        let out = dst + image * oh * ow
                        for oy in 0..<oh {
                            let iy = oy * sy - py + ky * dy
                            let row = out + oy * ow
                            guard iy >= 0 && iy < h else { row.update(repeating: fill, count: ow); continue }
                            let shift = kx * dx - px
                            // ox in [first, last) reads inside the row: ix = ox·sx + shift ∈ [0, w)
                            let first = Swift.min(ow, shift >= 0 ? 0 : (-shift + sx - 1) / sx)
                            let last = w - 1 - shift < 0 ? first : Swift.max(first, Swift.min(ow, (w - 1 - shift) / sx + 1))
                            row.update(repeating: fill, count: first)
                            (row + last).update(repeating: fill, count: ow - last)
                            let src = plane + iy * w + shift
                            if sx == 1 {
                                (row + first).update(from: src + first, count: last - first)
                            } else {
                                for ox in first..<last { row[ox] = src[ox * sx] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies `count` bytes as whole 8- or 16-byte groups (up to 15 bytes too many): the runs here
    /// are short (5–30 bytes), where a memcpy call costs more than the copy.
    @inline(__always)
    func copyRun(_ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, _ count: Int) {
        if count <= 8 {
            UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: UInt64.self), as: UInt64.self)
            return
        }
        var i = 0
        while i < count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: UnsafeRawPointer(src + i).loadUnaligned(as: SIMD16<UInt8>.self),
                                                        as: SIMD16<UInt8>.self)
            i += 16
        }
    }

    /// Max pooling of int32 planes [planes, h, w] → [planes, oh, ow] (no padding), in place: the
    /// result is packed at the start of `x`, which is returned. In place is safe because every
    /// output lies at or before the first input it reads and after the inputs of earlier outputs.
    func maxPoolPlanes(_ x: UnsafeMutablePointer<Int32>, planes: Int, height h: Int, width w: Int, _ config: Pool2DConfig) -> UnsafePointer<Int32> {
        let (kh, kw) = config.kernel, (sy, sx) = config.stride
        let oh = (h - kh) / sy + 1, ow = (w - kw) / sx + 1
        for plane in 0..<planes {
            let p = x + plane * h * w, o = x + plane * oh * ow
            if kh == 2 && kw == 2 && sy == 2 && sx == 2 {
                for oy in 0..<oh { maxPoolRow2x2(p + 2 * oy * w, p + (2 * oy + 1) * w, into: o + oy * ow, count: ow) }
                continue
            }
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = Int32.min
                    for ky in 0..<kh {
                        let r = p + (oy * sy + ky) * w + ox * sx
                        for kx in 0..<kw { best = Swift.max(best, r[kx]) }
                    }
                    o[oy * ow + ox] = best
                }
            }
        }
        return UnsafePointer(x)
    }

    /// out[i] = max(r0[2i], r0[2i + 1], r1[2i], r1[2i + 1]) for i < count (the C kernel, per
    /// instruction set). `out` may alias r0 (each group is loaded first).
    @inline(__always)
    func maxPoolRow2x2(_ r0: UnsafePointer<Int32>, _ r1: UnsafePointer<Int32>, into out: UnsafeMutablePointer<Int32>, count: Int) {
        quanta_max_pool_row2x2_i32(r0, r1, out, count)
    }
}
