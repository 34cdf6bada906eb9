import CDNNL

/// One oneDNN matmul primitive C[rows, N] = op(A)[rows, K]·B[K, N] (u8 or s8 A, packed s8 B,
/// s32 C) for a fixed row count and A layout, with per-thread slots (stream, A/C memory objects,
/// scratchpad) so that chunks of one call run it concurrently. Scratchpads are user-owned:
/// oneDNN's own may be shared by concurrent executions.
final class MatmulKernel: @unchecked Sendable {
    private struct Slot {
        let stream: OpaquePointer
        let src: OpaquePointer
        let dst: OpaquePointer
        let scratch: DNNLBuffer
    }

    private let primitive: OpaquePointer
    private let srcDesc: dnnl_memory_desc_t, dstDesc: dnnl_memory_desc_t, scratchDesc: dnnl_memory_desc_t
    // The B the primitive reads (packed, or the plain copy), kept alive with it.
    private let weights: DNNLBuffer
    private var slots: [Slot] = []

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
        if let p = make(owner.packed.desc), withUnsafeMutablePointer(to: &packedDesc, { dnnl_memory_desc_equal($0, [p.weights]) }) != 0 {
            chosen = p
            weights = owner.packed
        } else {
            guard let p = make(owner.plain.desc) else { preconditionFailure("oneDNN: no int8 matmul for rows=\(key.rows) K=\(k) N=\(n)") }
            chosen = p
            weights = owner.plain
        }
        defer { dnnl_primitive_desc_destroy(chosen.pd) }
        var prim: dnnl_primitive_t?
        DNNL.check(dnnl_primitive_create(&prim, chosen.pd), "matmul primitive")
        primitive = prim!
        (srcDesc, dstDesc) = (chosen.src, chosen.dst)
        scratchDesc = dnnl_primitive_desc_query_md(chosen.pd, dnnl_query_scratchpad_md, 0).pointee
    }

    /// Makes sure slots 0..<count exist (called under the owner's lock).
    func reserve(slots count: Int) {
        while slots.count < count {
            var s = srcDesc, d = dstDesc
            var src: dnnl_memory_t?, dst: dnnl_memory_t?
            DNNL.check(dnnl_memory_create(&src, &s, DNNL.engine, nil), "src memory")
            DNNL.check(dnnl_memory_create(&dst, &d, DNNL.engine, nil), "dst memory")
            slots.append(Slot(stream: DNNL.stream(), src: src!, dst: dst!, scratch: DNNLBuffer(scratchDesc)))
        }
    }

    /// Runs the primitive on slot `slot` (one thread per slot at a time): C = op(A)·B.
    func execute(slot: Int, a: UnsafePointer<UInt8>, c: UnsafeMutablePointer<Int32>) {
        let s = slots[slot]
        dnnl_memory_set_data_handle(s.src, UnsafeMutableRawPointer(mutating: a))
        dnnl_memory_set_data_handle(s.dst, c)
        var args = [dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: s.src), dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: weights.memory),
                    dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: s.dst), dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: s.scratch.memory)]
        DNNL.check(dnnl_primitive_execute(primitive, s.stream, 4, &args), "matmul execute")
    }

    deinit {
        for s in slots {
            dnnl_memory_destroy(s.src); dnnl_memory_destroy(s.dst); dnnl_stream_destroy(s.stream)
        }
        dnnl_primitive_destroy(primitive)
    }
}
