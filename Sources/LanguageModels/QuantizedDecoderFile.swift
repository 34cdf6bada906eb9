import Foundation
import NeuralNetworks
import Quantization

/// Writes a decoder whose projections were rounded by `TransformerQuantization` as a GGUF file
/// llama.cpp runs: each projection as Q4_1 blocks holding exactly the rounded values when every
/// 32-column block of a row lies on one grid with Float16 step and offset and codes below 16
/// (any 2–4-bit result with groups that are multiples of 32, or static groups), else as F16.
/// The embedding keeps its file type (Q8_0 for SmolLM2), as does an untied head, norms F32; the source file's
/// `general.*` and `tokenizer.*` metadata are copied.
public enum QuantizedDecoderFile {
    public static func encode(_ model: TransformerDecoder<Float>, rounded: [TransformerQuantization.LayerResult],
                              source: GGUF) throws -> Data {
        let byName = Dictionary(uniqueKeysWithValues: rounded.map { (ggufName($0.path), $0) })
        var tensors: [GGUF.NewTensor] = []
        // an untied head (a rotated model's) is stored as the source stores its embedding
        let storage = { (name: String, _: [Int]) in
            source.tensor(named: name)?.type ?? source.tensor(named: "token_embd.weight")?.type ?? .f32
        }
        for tensor in try model.ggufTensors(type: storage) {
            guard let result = byName[tensor.name] else {
                tensors.append(tensor)
                continue
            }
            if let blocks = q4_1Blocks(result) {
                tensors.append(GGUF.NewTensor(name: tensor.name, shape: tensor.shape, encoded: blocks, type: .q4_1))
            } else {
                var copy = tensor
                copy.type = .f16
                tensors.append(copy)
            }
        }
        return try GGUF.encode(metadata: metadata(model, source: source), tensors: tensors)
    }

    /// `model` with every projection stored as `projections` (llama.cpp's reference rounding of
    /// that block type); the embedding keeps the source file's type, norms F32.
    public static func encode(_ model: TransformerDecoder<Float>, projections: GGUF.TensorType, source: GGUF) throws -> Data {
        let tensors = try model.ggufTensors { name, _ in
            name.hasPrefix("blk.") ? projections : source.tensor(named: name)?.type ?? .f32
        }
        return try GGUF.encode(metadata: metadata(model, source: source), tensors: tensors)
    }

    /// The model's llama metadata with the source's `general.*` and `tokenizer.*` entries.
    static func metadata(_ model: TransformerDecoder<Float>, source: GGUF) -> [String: GGUF.Value] {
        var metadata = model.configuration.ggufMetadata
        for (key, value) in source.metadata where key.hasPrefix("tokenizer.") || key.hasPrefix("general.") {
            metadata[key] = value
        }
        metadata["general.architecture"] = .string("llama")
        metadata.removeValue(forKey: "general.file_type")
        return metadata
    }

    /// "blocks.3.attention.query" → "blk.3.attn_q.weight".
    static func ggufName(_ path: String) -> String {
        let parts = path.split(separator: ".").map(String.init)
        let names = ["attention.query": "attn_q", "attention.key": "attn_k", "attention.value": "attn_v",
                     "attention.output": "attn_output", "feed_forward.gate": "ffn_gate", "feed_forward.up": "ffn_up",
                     "feed_forward.down": "ffn_down"]
        return "blk.\(parts[1]).\(names[parts[2...].joined(separator: ".")] ?? path).weight"
    }

    /// The rounded weights as Q4_1 blocks (f16 d, f16 m, 16 bytes of codes), or nil when they
    /// are not exactly representable.
    static func q4_1Blocks(_ r: TransformerQuantization.LayerResult) -> [UInt8]? {
        let w = r.rounded
        guard r.cols % 32 == 0, w.codes.allSatisfy({ $0 < 16 }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(r.rows * r.cols / 32 * 20)
        for row in 0..<r.rows {
            for start in stride(from: 0, to: r.cols, by: 32) {
                let group = w.groupOfColumn[start]
                guard (start..<(start + 32)).allSatisfy({ w.groupOfColumn[$0] == group }) else { return nil }
                let grid = w.grids[row * w.gridsPerRow + group]
                let (d, m) = (Float16(grid.step), Float16(grid.offset))
                guard Float(d) == grid.step, Float(m) == grid.offset else { return nil }
                withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
                withUnsafeBytes(of: m.bitPattern.littleEndian) { out.append(contentsOf: $0) }
                for j in 0..<16 {
                    let low = w.codes[row * r.cols + start + j]
                    let high = w.codes[row * r.cols + start + j + 16]
                    out.append(low | high << 4)
                }
            }
        }
        return out
    }
}
