import CDNNL

/// One oneDNN matmul primitive C[rows, N] = op(A)[rows, K]·B[K, N] (u8 or s8 A, packed s8 B,
/// s32 C) for a fixed row count and A layout, with per-thread slots (`DNNLSlots`) so that chunks
/// of one call run it concurrently.
final class MatmulKernel: @unchecked Sendable {
    private let slots: DNNLSlots

    /// The matmul descriptor pieces for `rows` rows; `weights` is the packed layout or `any`.
    static func descriptor(rows: Int, lda: Int, transposeA: Bool, k: Int, n: Int, aSigned: Bool,
                           weights: dnnl_memory_desc_t) -> (pd: OpaquePointer, src: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, dst: dnnl_memory_desc_t)? {
        var src = DNNL.descriptor([rows, k], aSigned ? dnnl_s8 : dnnl_u8, strides: transposeA ? [1, lda] : [lda, 1])
        var wei = weights
        var dst = DNNL.descriptor([rows, n], dnnl_s32, tag: dnnl_ab)
        var desc = dnnl_matmul_desc_t()
        DNNL.check(dnnl_matmul_desc_init(&desc, &src, &wei, nil, &dst), "matmul descriptor")
        var attr: dnnl_primitive_attr_t?
        DNNL.check(dnnl_primitive_attr_create(&attr), "attr")
        defer { dnnl_primitive_attr_destroy(attr) }
        DNNL.check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode")
        var pd: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&pd, &desc, attr, DNNL.engine, nil) == dnnl_success, let pd else { return nil }
        return (pd, src, dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0).pointee, dst)
    }

    /// The primitive for `key` over `owner`'s packed B, or over its plain copy when no
    /// implementation takes the packed layout for this row count.
    init(_ key: KernelKey, weights owner: PackedInt8Weights) {
        let (k, n) = (owner.k, owner.n)
        func make(_ w: dnnl_memory_desc_t) -> (pd: OpaquePointer, src: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, dst: dnnl_memory_desc_t)? {
            MatmulKernel.descriptor(rows: key.rows, lda: key.lda, transposeA: key.transposeA, k: k, n: n, aSigned: owner.aSigned, weights: w)
        }
        var packedDesc = owner.packed.desc
        let chosen: (pd: OpaquePointer, src: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, dst: dnnl_memory_desc_t)
        // the B the primitive reads (packed, or the plain copy), kept alive with it
        let weights: DNNLBuffer
        if let p = make(owner.packed.desc), withUnsafeMutablePointer(to: &packedDesc, { dnnl_memory_desc_equal($0, [p.weights]) }) != 0 {
            chosen = p
            weights = owner.packed
        } else {
            guard let p = make(owner.plain.desc) else { preconditionFailure("oneDNN: no int8 matmul for rows=\(key.rows) K=\(k) N=\(n)") }
            chosen = p
            weights = owner.plain
        }
        defer { dnnl_primitive_desc_destroy(chosen.pd) }
        slots = DNNLSlots(chosen.pd, src: chosen.src, dst: chosen.dst, weights: weights, what: "matmul primitive")
    }

    /// Makes sure slots 0..<count exist (called under the owner's lock).
    func reserve(slots count: Int) { slots.reserve(count) }

    /// Runs the primitive on slot `slot` (one thread per slot at a time): C = op(A)·B.
    func execute(slot: Int, a: UnsafePointer<UInt8>, c: UnsafeMutablePointer<Int32>) {
        slots.execute(slot: slot, src: a, dst: c)
    }
}
