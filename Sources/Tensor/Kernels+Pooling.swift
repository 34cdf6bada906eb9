import CKernels

/// The loops behind 2-D pooling over `planes` planes of `height × width` (planes = N·C).
/// Generic, but only called from the `Float`/`Double` witnesses, so each is specialised.
/// Pooling windows are not dilated; padding is never read.
enum PoolingKernels {
    /// The clipped window rows (or columns) for output position `o` along one axis.
    @inline(__always)
    static func window(_ o: Int, stride: Int, pad: Int, kernel: Int, size: Int) -> Range<Int> {
        let start = o * stride - pad
        return Swift.max(start, 0)..<Swift.min(start + kernel, size)
    }

    /// out = max over each window; argmax = flat index into the whole input of that maximum
    /// (the first one on ties; NaN wins, as in PyTorch).
    static func maxPool<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ argmax: UnsafeMutablePointer<Int32>,
                                         _ g: WindowGeometry, planes: Int) {
        let plane = g.height * g.width, outPlane = g.outPlane
        if g.kernelH == 2 && g.kernelW == 2 && g.strideH == 2 && g.strideW == 2 && g.padH == 0 && g.padW == 0 {
            if T.self == Float.self {
                // the C loop, vectorised per instruction set (same ties and NaN rule)
                quanta_max_pool2x2_f32(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                                       UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self), argmax,
                                       planes, g.height, g.width)
            } else {
                maxPool2x2(x, out, argmax, g, planes: planes)
            }
            return
        }
        for pl in 0..<planes {
            let src = x + pl * plane, base = pl * plane
            let dst = out + pl * outPlane, arg = argmax + pl * outPlane
            for oh in 0..<g.outH {
                let rows = window(oh, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: g.height)
                for ow in 0..<g.outW {
                    let cols = window(ow, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: g.width)
                    var best = -T.infinity, at = rows.lowerBound * g.width + cols.lowerBound
                    for ih in rows {
                        let line = src + ih * g.width
                        for iw in cols {
                            let v = line[iw]
                            if v > best || v.isNaN { best = v; at = ih * g.width + iw }
                        }
                    }
                    dst[oh * g.outW + ow] = best
                    arg[oh * g.outW + ow] = Int32(truncatingIfNeeded: base + at)
                }
            }
        }
    }

    /// `maxPool` for the common 2×2 window with stride 2 and no padding: no window clipping,
    /// and selects instead of branches (on real data the comparisons are unpredictable).
    /// A window holding a NaN (its sum is NaN) takes the general rule.
    @inline(__always)
    static func maxPool2x2<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ argmax: UnsafeMutablePointer<Int32>,
                                            _ g: WindowGeometry, planes: Int) {
        let w = g.width, plane = g.height * w, outW = g.outW
        for pl in 0..<planes {
            for oh in 0..<g.outH {
                let top = pl &* plane &+ 2 &* oh &* w
                let r0 = x + top, r1 = r0 + w
                let dst = out + (pl * g.outH + oh) * outW, arg = argmax + (pl * g.outH + oh) * outW
                for ow in 0..<outW {
                    let j = 2 &* ow
                    let a = r0[j], b = r0[j &+ 1], c = r1[j], d = r1[j &+ 1]
                    var best = a, at = top &+ j
                    if (a + b + c + d).isNaN {
                        for (v, i) in [(b, top &+ j &+ 1), (c, top &+ w &+ j), (d, top &+ w &+ j &+ 1)] where v > best || v.isNaN {
                            best = v; at = i
                        }
                    } else {
                        if b > best { best = b; at = top &+ j &+ 1 }
                        if c > best { best = c; at = top &+ w &+ j }
                        if d > best { best = d; at = top &+ w &+ j &+ 1 }
                    }
                    dst[ow] = best
                    arg[ow] = Int32(truncatingIfNeeded: at)
                }
            }
        }
    }

    /// out = (Σ over the window's in-bounds inputs) / (kernelH · kernelW): padding counts as zeros.
    static func avgPool<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ g: WindowGeometry, planes: Int) {
        let plane = g.height * g.width, outPlane = g.outPlane
        let scale = 1 / T(g.kernelH * g.kernelW)
        for pl in 0..<planes {
            let src = x + pl * plane, dst = out + pl * outPlane
            for oh in 0..<g.outH {
                let rows = window(oh, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: g.height)
                for ow in 0..<g.outW {
                    let cols = window(ow, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: g.width)
                    var sum: T = 0
                    for ih in rows {
                        let line = src + ih * g.width
                        for iw in cols { sum += line[iw] }
                    }
                    dst[oh * g.outW + ow] = sum * scale
                }
            }
        }
    }

    /// The adjoint of `avgPool`: dx = 0, then each window's inputs get gy / (kernelH · kernelW).
    static func avgPoolBackward<T: TensorScalar>(_ gy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ g: WindowGeometry, planes: Int) {
        let plane = g.height * g.width, outPlane = g.outPlane
        let scale = 1 / T(g.kernelH * g.kernelW)
        dx.update(repeating: 0, count: planes * plane)
        for pl in 0..<planes {
            let src = gy + pl * outPlane, dst = dx + pl * plane
            for oh in 0..<g.outH {
                let rows = window(oh, stride: g.strideH, pad: g.padH, kernel: g.kernelH, size: g.height)
                for ow in 0..<g.outW {
                    let cols = window(ow, stride: g.strideW, pad: g.padW, kernel: g.kernelW, size: g.width)
                    let v = src[oh * g.outW + ow] * scale
                    for ih in rows {
                        let line = dst + ih * g.width
                        for iw in cols { line[iw] += v }
                    }
                }
            }
        }
    }

    /// dst[indices[i]] += src[i] for `count` elements (max-pool backward).
    static func scatterAdd<T: TensorScalar>(_ src: UnsafePointer<T>, _ indices: UnsafePointer<Int32>, _ dst: UnsafeMutablePointer<T>, _ count: Int) {
        for i in 0..<count { dst[Int(indices[i])] += src[i] }
    }
}
