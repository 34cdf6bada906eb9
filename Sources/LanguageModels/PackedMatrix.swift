import CBLAS
import CKernels
import NeuralNetworks

/// A weight matrix [rows, cols] kept in its file encoding: ggml blocks (Q4_0, Q4_1, Q8_0) read
/// by the int8 kernels, or Float (from F32, F16, BF16) multiplied by BLAS.
/// Memory: rows · cols / 32 · block bytes (Q4_1: 0.625 bytes per weight).
public struct PackedMatrix: Sendable {
    public enum Storage: Sendable {
        case blocks(type: GGUF.TensorType, bytes: [UInt8])
        case floats([Float])
    }

    public let rows: Int
    public let cols: Int
    public let storage: Storage

    public init(rows: Int, cols: Int, storage: Storage) {
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// The GGUF tensor `info` (GGUF shape [cols, rows]) as stored: block types keep their
    /// bytes, others become Float.
    public init(gguf: GGUF, _ info: GGUF.TensorInfo) {
        (rows, cols) = (info.shape.count > 1 ? info.shape[1] : 1, info.shape[0])
        switch info.type {
        case .q4_0, .q4_1, .q8_0: storage = .blocks(type: info.type, bytes: gguf.rawBytes(info))
        default: storage = .floats(gguf.floats(info))
        }
    }

    /// Whether the product needs activations as int8 blocks.
    public var isBlockQuantized: Bool {
        if case .blocks = storage { return true }
        return false
    }

    /// Row `r` as Float (the embedding lookup).
    public func row(_ r: Int) -> [Float] {
        switch storage {
        case .floats(let values): return Array(values[(r * cols)..<((r + 1) * cols)])
        case .blocks(let type, let bytes):
            let rowBytes = cols / type.block.elements * type.block.bytes
            let slice = Array(bytes[(r * rowBytes)..<((r + 1) * rowBytes)])
            return GGUF.dequantize(slice, type: type, count: cols)
        }
    }

    /// y[t, r] for rows `range` = W[r, :]·x[t, :] for `tokens` activation rows, written at
    /// y + t·ldy + r. `blocks` are the activations quantised (block-quantised weights);
    /// `floats` the same activations as Float (Float weights).
    func multiply(rows range: Range<Int>, tokens: Int, blocks: UnsafePointer<quanta_q8_block>, floats: UnsafePointer<Float>,
                  into y: UnsafeMutablePointer<Float>, ldy: Int) {
        guard !range.isEmpty else { return }
        switch storage {
        case .blocks(let type, let bytes):
            let rowBytes = cols / type.block.elements * type.block.bytes
            bytes.withUnsafeBufferPointer { w in
                quanta_lowbit_matmul(Int32(type.rawValue), w.baseAddress! + range.lowerBound * rowBytes, range.count, cols,
                                     blocks, tokens, y + range.lowerBound, ldy)
            }
        case .floats(let values):
            values.withUnsafeBufferPointer { w in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(tokens), Int32(range.count), Int32(cols), 1,
                            floats, Int32(cols), w.baseAddress! + range.lowerBound * cols, Int32(cols), 0,
                            y + range.lowerBound, Int32(ldy))
            }
        }
    }
}

extension PackedMatrix {
    /// Bytes held.
    public var byteCount: Int {
        switch storage {
        case .blocks(_, let bytes): bytes.count
        case .floats(let values): 4 * values.count
        }
    }
}
