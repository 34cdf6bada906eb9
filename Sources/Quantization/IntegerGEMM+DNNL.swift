import CDNNL
import Foundation

/// Thin helpers over oneDNN's C API for the packed int8 GEMM: one CPU engine, memory
/// descriptors, reorders, status checks.
enum DNNL {
    nonisolated(unsafe) static let engine: OpaquePointer = {
        var e: dnnl_engine_t?
        check(dnnl_engine_create(&e, dnnl_cpu, 0), "engine")
        return e!
    }()

    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
        precondition(status == dnnl_success, "oneDNN: \(what()) failed with status \(status.rawValue)")
    }

    /// A dense descriptor with a format tag (`dnnl_format_tag_any` lets a primitive choose).
    static func descriptor(_ dims: [Int], _ type: dnnl_data_type_t, tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        let d = dims.map { Int64($0) }
        check(dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, type, tag), "descriptor \(dims)")
        return md
    }

    /// A strided 2-D descriptor: element (i, j) at i·strides[0] + j·strides[1].
    static func descriptor(_ dims: [Int], _ type: dnnl_data_type_t, strides: [Int]) -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        let d = dims.map { Int64($0) }, s = strides.map { Int64($0) }
        check(dnnl_memory_desc_init_by_strides(&md, Int32(d.count), d, type, s), "descriptor \(dims) strides \(strides)")
        return md
    }

    /// A stream per use site: oneDNN streams are not shared across threads here.
    static func stream() -> OpaquePointer {
        var s: dnnl_stream_t?
        check(dnnl_stream_create(&s, engine, dnnl_stream_default_flags.rawValue), "stream")
        return s!
    }

    /// Copies `from` into `to`'s layout (e.g. plain [K, N] into the blocked weights layout).
    static func reorder(from: DNNLBuffer, to: DNNLBuffer) {
        var pd: dnnl_primitive_desc_t?, prim: dnnl_primitive_t?
        var src = from.desc, dst = to.desc
        check(dnnl_reorder_primitive_desc_create(&pd, &src, engine, &dst, engine, nil), "reorder descriptor")
        defer { dnnl_primitive_desc_destroy(pd) }
        check(dnnl_primitive_create(&prim, pd), "reorder")
        defer { dnnl_primitive_destroy(prim) }
        let s = stream()
        defer { dnnl_stream_destroy(s) }
        var args = [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: from.memory), dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: to.memory)]
        check(dnnl_primitive_execute(prim, s, 2, &args), "reorder execute")
        check(dnnl_stream_wait(s), "stream wait")
    }
}

/// A 64-byte aligned buffer owned by Swift with a oneDNN memory object over it.
final class DNNLBuffer: @unchecked Sendable {
    let desc: dnnl_memory_desc_t
    let raw: UnsafeMutableRawPointer
    let memory: OpaquePointer

    init(_ desc: dnnl_memory_desc_t) {
        var d = desc
        self.desc = desc
        raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(64, dnnl_memory_desc_get_size(&d)), alignment: 64)
        var m: dnnl_memory_t?
        DNNL.check(dnnl_memory_create(&m, &d, DNNL.engine, raw), "memory")
        memory = m!
    }

    deinit {
        dnnl_memory_destroy(memory)
        raw.deallocate()
    }
}
