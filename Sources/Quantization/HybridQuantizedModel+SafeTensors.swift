import Foundation

/// Quantized hybrid models as safetensors files.
///
/// Part k's tensors are named "part{k}." + …: an integer part's as a `QuantizedModel` file names
/// them, a float part's parameters and buffers by their layer names (F32). Metadata:
/// `quanta.format` = "quanta-hybrid-1" and `quanta.hybrid` = JSON of the parts (kind, name, and
/// an integer part's operation list); any extra metadata (the float model's spec and recipe,
/// which rebuild the float layers) is kept.
extension HybridQuantizedModel {
    public static let formatVersion = "quanta-hybrid-1"
    public static let partsKey = "quanta.hybrid"

    /// One part as the metadata lists it.
    struct PartSpec: Codable, Equatable {
        var kind: String
        var name: String
        var operations: QuantizedModelSpec?
    }

    /// Writes the model atomically to `url`, with `metadata` added.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        var tensors: [(name: String, entry: SafeTensors.Entry)] = []
        var specs: [PartSpec] = []
        for (k, part) in parts.enumerated() {
            let prefix = "part\(k)."
            switch part {
            case .integer(let name, let q):
                let (entries, spec) = q.stored(prefix: prefix)
                tensors += entries
                specs.append(PartSpec(kind: "integer", name: name, operations: spec))
            case .float(let name, let layer):
                let named = layer.namedParameters.map { ($0.name, $0.variable.value) } + layer.namedBuffers.map { ($0.name, $0.tensor) }
                tensors += named.map { (prefix + $0.0, SafeTensors.Entry($0.1)) }
                specs.append(PartSpec(kind: "float", name: name, operations: nil))
            }
        }
        var meta = metadata
        meta[QuantizedModel.formatKey] = Self.formatVersion
        meta[Self.partsKey] = try SafeTensors.metadataJSON(specs)
        try SafeTensors.write(tensors, metadata: meta, to: url)
    }

    /// Whether a file's metadata marks a quantized hybrid model.
    public static func isHybrid(_ metadata: [String: String]) -> Bool { metadata[QuantizedModel.formatKey] == formatVersion }

    /// Loads a file written by `save` for the float model it was quantized from (rebuilt by the
    /// caller, weights not needed): the file's parts must be the model's stretches
    /// (`HybridQuantization.segments`), every tensor present with its dtype and shape, and no
    /// tensor unknown. Throws `QuantizationError.invalidFile` naming the file and the problem.
    public static func load(_ url: URL, into model: Sequential<Float>) throws -> HybridQuantizedModel {
        let file = url.path
        func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: problem) }
        let (entries, metadata) = try SafeTensors.read(url)
        guard isHybrid(metadata) else { throw fail("not a quantized hybrid model (\(QuantizedModel.formatKey) is not '\(formatVersion)')") }
        guard let json = metadata[partsKey], let specs = try? JSONDecoder().decode([PartSpec].self, from: Data(json.utf8)) else {
            throw fail("missing or unreadable \(partsKey) metadata")
        }
        let segments = HybridQuantization.segments(model)
        guard segments.count == specs.count else {
            throw fail("\(specs.count) parts for a model of \(segments.count) stretches (a checkpoint of a different model?)")
        }
        var used = Set<String>()
        var parts: [Part] = []
        for (k, (segment, spec)) in zip(segments, specs).enumerated() {
            parts.append(try part(k, segment, spec, entries: entries, used: &used, file: file))
        }
        if let extra = entries.keys.sorted().first(where: { !used.contains($0) }) { throw fail("unknown tensor '\(extra)'") }
        return HybridQuantizedModel(parts: parts)
    }

    /// Part `k` from its tensors, checked against the model's stretch.
    static func part(_ k: Int, _ segment: HybridQuantization.Segment, _ spec: PartSpec, entries: [String: SafeTensors.Entry],
                     used: inout Set<String>, file: String) throws -> Part {
        func fail(_ problem: String) -> QuantizationError { .invalidFile(file: file, problem: "part \(k): \(problem)") }
        let prefix = "part\(k)."
        switch segment {
        case .integer(let name, _):
            guard spec.kind == "integer", spec.name == name, let operations = spec.operations else {
                throw fail("the file has a \(spec.kind) part '\(spec.name)' where the model has the integer stretch \(name)")
            }
            return .integer(name: name, try QuantizedModel.decode(operations, entries: entries, prefix: prefix, used: &used, file: file))
        case .float(let name, let layer):
            guard spec.kind == "float", spec.name == name else {
                throw fail("the file has a \(spec.kind) part '\(spec.name)' where the model has the float layer \(name)")
            }
            for (short, variable) in layer.namedParameters {
                variable.value = try tensor(prefix + short, shape: variable.shape, entries, &used, fail)
            }
            for (short, current) in layer.namedBuffers {
                guard layer.setBuffer(short, to: try tensor(prefix + short, shape: current.shape, entries, &used, fail)) else {
                    throw fail("buffer '\(short)' was refused")
                }
            }
            return .float(name: name, layer)
        }
    }

    static func tensor(_ name: String, shape: [Int], _ entries: [String: SafeTensors.Entry], _ used: inout Set<String>,
                       _ fail: (String) -> QuantizationError) throws -> Tensor<Float> {
        guard let entry = entries[name] else { throw fail("tensor '\(name)' is missing") }
        guard entry.dtype == "F32", entry.shape == shape else {
            throw fail("tensor '\(name)' is \(entry.dtype) \(entry.shape), expected F32 \(shape)")
        }
        used.insert(name)
        let t: Tensor<Float> = try entry.tensor(name: name, file: "")
        guard t.scalars.allSatisfy(\.isFinite) else { throw fail("tensor '\(name)' holds non-finite values") }
        return t
    }
}
