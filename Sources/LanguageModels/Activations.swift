import CKernels

/// Activation rows [rows, cols] in Float, with their int8 block quantisation made once when a
/// block-quantised matrix needs it (cols a multiple of 32).
struct Activations {
    let floats: [Float]
    let rows: Int
    let cols: Int

    init(_ floats: [Float], rows: Int, cols: Int) {
        precondition(floats.count == rows * cols, "Activations: \(floats.count) values for [\(rows), \(cols)]")
        self.floats = floats
        self.rows = rows
        self.cols = cols
    }

    /// Calls `body` with the int8 blocks (empty unless `quantized`) and the Floats.
    func withPointers<R>(quantized: Bool, _ body: (UnsafePointer<quanta_q8_block>, UnsafePointer<Float>) -> R) -> R {
        var blocks = [quanta_q8_block](repeating: quanta_q8_block(), count: quantized ? rows * cols / 32 : 1)
        return floats.withUnsafeBufferPointer { x in
            blocks.withUnsafeMutableBufferPointer { q in
                if quantized { quanta_quantize_q8_blocks(x.baseAddress!, rows * cols, q.baseAddress!) }
                return body(UnsafePointer(q.baseAddress!), x.baseAddress!)
            }
        }
    }
}
