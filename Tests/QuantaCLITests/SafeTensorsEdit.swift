import Foundation
import Quanta

/// Targeted edits of a safetensors file for the damaged-file tests: one field of a JSON
/// metadata value, or the first value of a float tensor.
enum SafeTensorsEdit {
    /// Copies `source` to `target` with field `field` of the JSON in metadata `key` set to `value`.
    static func metadata(_ source: URL, to target: URL, key: String, field: String, value: Any) throws {
        let (tensors, metadata) = try SafeTensors.read(source)
        var meta = metadata
        let json = try JSONSerialization.jsonObject(with: Data((metadata[key] ?? "{}").utf8))
        var object = json as? [String: Any] ?? [:]
        object[field] = value
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        meta[key] = String(decoding: data, as: UTF8.self)
        try write(tensors, meta, to: target)
    }

    /// Copies `source` to `target` with the first element of F32 tensor `name` set to `value`.
    static func firstFloat(_ source: URL, to target: URL, tensor name: String, value: Float) throws {
        var (tensors, metadata) = try SafeTensors.read(source)
        var entry = tensors[name]!
        withUnsafeBytes(of: value) { raw in
            for i in 0..<4 { entry.bytes[i] = raw[i] }
        }
        tensors[name] = entry
        try write(tensors, metadata, to: target)
    }

    static func write(_ tensors: [String: SafeTensors.Entry], _ metadata: [String: String], to url: URL) throws {
        let list = tensors.keys.sorted().map { (name: $0, entry: tensors[$0]!) }
        try SafeTensors.write(list, metadata: metadata, to: url)
    }
}
