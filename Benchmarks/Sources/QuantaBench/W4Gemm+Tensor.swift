import Quanta

/// One way of computing the GEMM: a timing loop plus a way to read its last result.
struct GemmVariant {
    /// Row name (`impl` field): `c.openblas`, `quanta.gemm`, `quanta.matmul`.
    let name: String
    let loop: Timing.Loop
    /// The last computed C (row-major M×N), read after timing for the check values.
    let output: () -> [Float]
}

extension GemmCase {
    /// Quanta's scalar-level entry point: `Float.gemm` into a preallocated output tensor.
    func gemmVariant() -> GemmVariant {
        let (m, n, k, a, b) = (self.m, self.n, self.k, self.a, self.b)
        var out = Tensor<Float>.zeros([m, n])
        let loop = Timing.loop {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { pc in
                        Float.gemm(transA: false, transB: false, m: m, n: n, k: k,
                                   alpha: 1, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
                                   beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        }
        return GemmVariant(name: "quanta.gemm", loop: loop, output: { out.scalars })
    }

    /// The value-type API: `a.matmul(b)` allocates its result on every call, as a user's
    /// code does, so this row shows what the API costs over the bare GEMM.
    func matmulVariant() -> GemmVariant {
        let (a, b) = (self.a, self.b)
        var result = Tensor<Float>.zeros([0])
        return GemmVariant(name: "quanta.matmul", loop: Timing.loop { result = a.matmul(b) },
                           output: { result.scalars })
    }
}
