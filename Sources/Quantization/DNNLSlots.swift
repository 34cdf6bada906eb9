import CDNNL

/// Per-thread execution state of one oneDNN primitive with a source, fixed weights and a
/// destination: a stream, source and destination memory objects (their data set per call) and a
/// user-owned scratchpad each, so that concurrent chunks of one call run it on their own slots
/// (oneDNN's own scratchpad may be shared by concurrent executions).
final class DNNLSlots: @unchecked Sendable {
    private struct Slot {
        let stream: OpaquePointer
        let src: OpaquePointer
        let dst: OpaquePointer
        let scratch: DNNLBuffer
    }

    private let primitive: OpaquePointer
    private let srcDesc: dnnl_memory_desc_t, dstDesc: dnnl_memory_desc_t, scratchDesc: dnnl_memory_desc_t
    private let weights: DNNLBuffer
    private var slots: [Slot] = []

    /// Creates the primitive of `pd` (which the caller still owns) reading `weights`.
    init(_ pd: OpaquePointer, src: dnnl_memory_desc_t, dst: dnnl_memory_desc_t, weights: DNNLBuffer, what: String) {
        var prim: dnnl_primitive_t?
        DNNL.check(dnnl_primitive_create(&prim, pd), what)
        primitive = prim!
        (srcDesc, dstDesc) = (src, dst)
        scratchDesc = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0).pointee
        self.weights = weights
    }

    /// Makes sure slots 0..<count exist (not concurrently with `execute`).
    func reserve(_ count: Int) {
        while slots.count < count {
            var s = srcDesc, d = dstDesc
            var src: dnnl_memory_t?, dst: dnnl_memory_t?
            DNNL.check(dnnl_memory_create(&src, &s, DNNL.engine, nil), "src memory")
            DNNL.check(dnnl_memory_create(&dst, &d, DNNL.engine, nil), "dst memory")
            slots.append(Slot(stream: DNNL.stream(), src: src!, dst: dst!, scratch: DNNLBuffer(scratchDesc)))
        }
    }

    /// Runs the primitive on slot `slot` (one thread per slot at a time): dst = f(src, weights).
    func execute(slot: Int, src: UnsafeRawPointer, dst: UnsafeMutableRawPointer) {
        let s = slots[slot]
        dnnl_memory_set_data_handle(s.src, UnsafeMutableRawPointer(mutating: src))
        dnnl_memory_set_data_handle(s.dst, dst)
        var args = [dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: s.src), dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: weights.memory),
                    dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: s.dst), dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: s.scratch.memory)]
        DNNL.check(dnnl_primitive_execute(primitive, s.stream, 4, &args), "primitive execute")
    }

    deinit {
        for s in slots {
            dnnl_memory_destroy(s.src)
            dnnl_memory_destroy(s.dst)
            dnnl_stream_destroy(s.stream)
        }
        dnnl_primitive_destroy(primitive)
    }
}
