import CBLAS
import CKernels
import Foundation

extension DecoderRuntime {
    /// Causal grouped-query attention of `tokens` new queries q [tokens, heads · d] over the
    /// cached keys and values of `layer` (which already hold the new positions):
    /// per head, P = softmax(q_h K_gᵀ / √d + M) and out_h = P V_g, by BLAS. Heads run on the
    /// pool's threads. Returns [tokens, heads · d].
    func attend(_ q: [Float], layer: Int, tokens t: Int) -> [Float] {
        let c = configuration
        let (d, width) = (c.headSize, c.dimension)
        let kvWidth = d * c.keyValueHeads
        let group = c.heads / c.keyValueHeads
        let total = count + t
        let scale = 1 / Float(d).squareRoot()
        var out = [Float](repeating: 0, count: t * width)
        q.withUnsafeBufferPointer { qp in
            keys[layer].withUnsafeBufferPointer { kp in
                values[layer].withUnsafeBufferPointer { vp in
                    out.withUnsafeMutableBufferPointer { op in
                        let (qb, kb, vb, ob) = (qp.baseAddress!, kp.baseAddress!, vp.baseAddress!, op.baseAddress!)
                        pool.run(items: c.heads) { heads in
                            var scores = [Float](repeating: 0, count: t * total)
                            for h in heads where t == 1 {
                                // One query: matrix–vector products, without GEMM's packing.
                                let g = h / group
                                quanta_attention_scores(qb + h * d, kb + g * d, kvWidth, total, d, scale, &scores)
                                softmaxCausal(&scores, rows: 1, columns: total, first: count)
                                quanta_attention_mix(scores, vb + g * d, kvWidth, total, d, ob + h * d)
                            }
                            for h in heads where t > 1 {
                                let g = h / group
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(total), Int32(d), scale,
                                            qb + h * d, Int32(width), kb + g * d, Int32(kvWidth), 0, &scores, Int32(total))
                                softmaxCausal(&scores, rows: t, columns: total, first: count)
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(d), Int32(total), 1,
                                            scores, Int32(total), vb + g * d, Int32(kvWidth), 0, ob + h * d, Int32(width))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Row r (position first + r) keeps columns 0…first + r, softmaxed; the rest become 0.
    func softmaxCausal(_ s: inout [Float], rows: Int, columns: Int, first: Int) {
        for r in 0..<rows {
            let visible = first + r + 1
            let base = r * columns
            var top = -Float.infinity
            for j in 0..<visible { top = max(top, s[base + j]) }
            var sum: Float = 0
            for j in 0..<visible {
                let e = Foundation.exp(s[base + j] - top)
                s[base + j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<visible { s[base + j] *= inverse }
            for j in visible..<columns { s[base + j] = 0 }
        }
    }
}
