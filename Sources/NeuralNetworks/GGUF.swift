import Foundation

/// A GGUF model file (llama.cpp's format, version 2 or 3), read and checked: the header, the
/// metadata (key → typed value), the tensor table (name, shape, element type, offset) and the
/// data section at the file's alignment (`general.alignment`, default 32). Tensors are
/// dequantised to Float on request for the types F32, F16, BF16, Q8_0, Q4_0 and Q4_1. Every
/// count, length, offset and size is checked against the file before anything is allocated.
public struct GGUF {
    /// A metadata value.
    public indirect enum Value: Equatable, Sendable {
        case int(Int64)
        case unsigned(UInt64)
        case float(Double)
        case bool(Bool)
        case string(String)
        case array([Value])
    }

    /// The element types read here, by their ggml numbers.
    public enum TensorType: UInt32, Sendable {
        case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q8_0 = 8, bf16 = 30

        /// Elements per block and bytes per block.
        public var block: (elements: Int, bytes: Int) {
            switch self {
            case .f32: (1, 4)
            case .f16, .bf16: (1, 2)
            case .q4_0: (32, 18)
            case .q4_1: (32, 20)
            case .q8_0: (32, 34)
            }
        }

        /// The type by its lower-case ggml name ("q8_0", "f16").
        public init?(name: String) {
            let names: [String: TensorType] = ["f32": .f32, "f16": .f16, "q4_0": .q4_0, "q4_1": .q4_1, "q8_0": .q8_0, "bf16": .bf16]
            guard let type = names[name] else { return nil }
            self = type
        }
    }

    public struct TensorInfo: Equatable, Sendable {
        public var name: String
        /// Dimensions as GGUF lists them (the fastest-varying first).
        public var shape: [Int]
        public var type: TensorType
        /// Byte offset inside the data section.
        public var offset: Int
        public var elementCount: Int { shape.reduce(1, *) }
        public var byteCount: Int { elementCount / type.block.elements * type.block.bytes }
    }

    public let version: UInt32
    public let metadata: [String: Value]
    /// Tensors in file order.
    public let tensors: [TensorInfo]
    public let alignment: Int
    /// Where the data section starts in `bytes`.
    public let dataOffset: Int
    let bytes: Data
    /// The file name used in error messages.
    public let file: String

    public func tensor(named name: String) -> TensorInfo? { tensors.first { $0.name == name } }
}
